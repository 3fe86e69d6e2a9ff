package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

import dev.cd4ml.parts.ForwardReceiver.Record;

class ForwardProtocolTest {

    private static final Instant T1 = Instant.parse("2026-11-26T10:15:30.123456789Z");
    private static final Instant T2 = Instant.parse("2026-11-26T10:15:31Z");

    @Test
    void messageModeWithIntegerTime() throws IOException {
        ForwardProtocol.Decoded d = decode(p -> {
            p.packArrayHeader(3).packString("app.log").packLong(T2.getEpochSecond());
            record(p, "a");
        });
        assertEquals(List.of(new Record("app.log", T2, Map.of("model", "a", "score", 0.75))), d.records());
        assertNull(d.chunk());
    }

    @Test
    void messageModeWithEventTimeAndChunk() throws IOException {
        ForwardProtocol.Decoded d = decode(p -> {
            p.packArrayHeader(4).packString("app.log");
            eventTime(p, T1);
            record(p, "a");
            p.packMapHeader(1).packString("chunk").packString("c-1");
        });
        assertEquals(T1, d.records().get(0).time());
        assertEquals("c-1", d.chunk());
    }

    @Test
    void forwardMode() throws IOException {
        ForwardProtocol.Decoded d = decode(p -> {
            p.packArrayHeader(3).packString("cd4ml.prediction").packArrayHeader(2);
            p.packArrayHeader(2);
            eventTime(p, T1);
            record(p, "a");
            p.packArrayHeader(2).packLong(T2.getEpochSecond());
            record(p, "b");
            p.packMapHeader(1).packString("chunk").packString("c-2");
        });
        assertEquals(List.of(
            new Record("cd4ml.prediction", T1, Map.of("model", "a", "score", 0.75)),
            new Record("cd4ml.prediction", T2, Map.of("model", "b", "score", 0.75))), d.records());
        assertEquals("c-2", d.chunk());
    }

    @Test
    void packedForwardModeAsBinAndAsStr() throws IOException {
        byte[] entries = entries();
        for (boolean asBin : new boolean[] {true, false}) {
            ForwardProtocol.Decoded d = decode(p -> {
                p.packArrayHeader(3).packString("cd4ml.feedback");
                if (asBin) {
                    p.packBinaryHeader(entries.length);
                } else { // what old msgpack "raw" senders produce
                    p.packRawStringHeader(entries.length);
                }
                p.writePayload(entries);
                p.packMapHeader(2).packString("size").packInt(2).packString("chunk").packString("c-3");
            });
            assertEquals(2, d.records().size());
            assertEquals("b", d.records().get(1).fields().get("model"));
            assertEquals(T1, d.records().get(0).time());
            assertEquals("c-3", d.chunk());
        }
    }

    @Test
    void compressedPackedForwardModeWithSeveralGzipMembers() throws IOException {
        byte[] entries = entries();
        // Senders may gzip each appended entry on its own: the stream is then several gzip members.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.write(gzip(java.util.Arrays.copyOfRange(entries, 0, firstEntryLength())));
        gz.write(gzip(java.util.Arrays.copyOfRange(entries, firstEntryLength(), entries.length)));
        byte[] compressed = gz.toByteArray();
        ForwardProtocol.Decoded d = decode(p -> {
            p.packArrayHeader(3).packString("cd4ml.prediction").packBinaryHeader(compressed.length).writePayload(compressed);
            p.packMapHeader(2).packString("compressed").packString("gzip").packString("size").packInt(2);
        });
        assertEquals(List.of("a", "b"), d.records().stream().map(r -> r.fields().get("model")).toList());
        assertNull(d.chunk());
    }

    @Test
    void nestedValuesBecomePlainJava() throws IOException {
        ForwardProtocol.Decoded d = decode(p -> {
            p.packArrayHeader(3).packString("t").packLong(1);
            p.packMapHeader(5)
                .packString("n").packNil()
                .packString("ok").packBoolean(true)
                .packString("big").packLong(Long.MAX_VALUE)
                .packString("list").packArrayHeader(2).packInt(1).packString("x")
                .packString("bin").packBinaryHeader(2).writePayload("hi".getBytes());
        });
        Map<String, Object> fields = d.records().get(0).fields();
        assertNull(fields.get("n"));
        assertEquals(true, fields.get("ok"));
        assertEquals(Long.MAX_VALUE, fields.get("big"));
        assertEquals(List.of(1L, "x"), fields.get("list"));
        assertEquals("hi", fields.get("bin"));
    }

    @Test
    void ackIsAMapWithTheChunk() throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(ForwardProtocol.ack("c-9"))) {
            Value v = u.unpackValue();
            assertEquals("{\"ack\":\"c-9\"}", v.toJson());
        }
    }

    @Test
    void malformedMessagesAreRefused() {
        assertThrows(ProtocolException.class, () -> decode(p -> p.packString("not an array")));
        assertThrows(ProtocolException.class, () -> decode(p -> p.packArrayHeader(2).packInt(1).packInt(2)));
        assertThrows(ProtocolException.class, () -> decode(p -> p.packArrayHeader(3).packString("t").packString("x").packNil()));
        assertThrows(ProtocolException.class, () -> decode(p -> p.packArrayHeader(3).packString("t").packLong(1).packString("not a map")));
    }

    @Test
    void aCopiedMessageDecodesToTheSameEventsAndChunkInEveryMode() throws IOException {
        byte[] entries = entries();
        List<Writer> modes = List.of(
            p -> { // Message
                p.packArrayHeader(4).packString("t");
                eventTime(p, T1);
                record(p, "a");
                p.packMapHeader(1).packString("chunk").packString("c-m");
            },
            p -> { // Forward
                p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2).packLong(T2.getEpochSecond());
                record(p, "b");
            },
            p -> { // PackedForward, str entries, an extra element after the option
                p.packArrayHeader(4).packString("t").packRawStringHeader(entries.length).writePayload(entries);
                p.packMapHeader(1).packString("chunk").packString("c-p");
                p.packInt(7);
            });
        for (Writer mode : modes) {
            byte[] original = bytes(mode);
            ForwardProtocol.Decoded expected = decode(mode);
            try (MessageUnpacker in = MessagePack.newDefaultUnpacker(original);
                 MessageBufferPacker copy = MessagePack.newDefaultBufferPacker()) {
                String chunk = ForwardProtocol.copyMessage(in, copy, new byte[5]); // entries copied in several pieces
                assertEquals(expected.chunk(), chunk);
                try (MessageUnpacker u = MessagePack.newDefaultUnpacker(copy.toByteArray())) {
                    assertEquals(expected, ForwardProtocol.decode(u.unpackValue()));
                    assertEquals(false, u.hasNext());
                }
                assertEquals(false, in.hasNext(), "the whole message was read");
            }
        }
        assertThrows(ProtocolException.class, () -> ForwardProtocol.copyMessage(
            MessagePack.newDefaultUnpacker(bytes(p -> p.packArrayHeader(2).packInt(1).packInt(2))), MessagePack.newDefaultBufferPacker(),
            new byte[16]));
    }

    static byte[] bytes(Writer w) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            w.write(p);
            return p.toByteArray();
        }
    }

    interface Writer {
        void write(MessagePacker p) throws IOException;
    }

    static ForwardProtocol.Decoded decode(Writer w) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            w.write(p);
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(p.toByteArray())) {
                return ForwardProtocol.decode(u.unpackValue());
            }
        }
    }

    static void eventTime(MessagePacker p, Instant t) throws IOException {
        p.packExtensionTypeHeader(ForwardProtocol.EVENT_TIME, 8).writePayload(ForwardProtocol.eventTime(t));
    }

    static void record(MessagePacker p, String model) throws IOException {
        p.packMapHeader(2).packString("model").packString(model).packString("score").packDouble(0.75);
    }

    /** Two concatenated [time, record] entries, as PackedForward carries them. */
    static byte[] entries() throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2);
            eventTime(p, T1);
            record(p, "a");
            p.packArrayHeader(2).packLong(T2.getEpochSecond());
            record(p, "b");
            return p.toByteArray();
        }
    }

    private static int firstEntryLength() throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2);
            eventTime(p, T1);
            record(p, "a");
            return p.toByteArray().length;
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
