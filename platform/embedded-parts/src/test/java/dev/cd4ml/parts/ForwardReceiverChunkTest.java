package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A sender that missed an ack (a hung or cut receiver) sends the chunk again with the same chunk id, often on a
 * new connection: it is acknowledged again and stored once, with or without the spool.
 */
class ForwardReceiverChunkTest {

    @Test
    void aChunkSentAgainIsAcknowledgedAndStoredOnce() throws Exception {
        ForwardReceiver receiver = new ForwardReceiver(0);
        receiver.start();
        try {
            sendTwiceAndCheck(receiver);
        } finally {
            receiver.stop();
        }
    }

    @Test
    void aChunkSentAgainIsSpooledOnce() throws Exception {
        Path dir = Files.createTempDirectory("forward-chunk-test-");
        ForwardReceiver receiver = new ForwardReceiver(0);
        receiver.spoolTo(dir, () -> false, ForwardSpool.MAX_DEFERRAL_MILLIS);
        receiver.start();
        try {
            sendTwiceAndCheck(receiver);
        } finally {
            receiver.stop();
            RealParts.deleteRecursively(dir);
        }
    }

    private static void sendTwiceAndCheck(ForwardReceiver receiver) throws Exception {
        assertEquals("c-1", send(receiver.port(), "c-1", "first"));
        assertEquals("c-1", send(receiver.port(), "c-1", "first")); // the same chunk again, new connection
        assertEquals("c-2", send(receiver.port(), "c-2", "second"));
        receiver.awaitRecords("cd4ml.prediction", 4, Duration.ofSeconds(10));
        Thread.sleep(1500); // a spooled copy would be handed on by now
        assertEquals(4, receiver.records().size(), String.valueOf(receiver.records()));
        assertEquals(1, receiver.resentChunks());
    }

    /** A Forward-mode message of two records with the chunk option; returns the ack's chunk. */
    private static String send(int port, String chunk, String model) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port); MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("cd4ml.prediction").packArrayHeader(2);
            for (int i = 0; i < 2; i++) {
                p.packArrayHeader(2).packLong(Instant.now().getEpochSecond());
                p.packMapHeader(2).packString("requestId").packString(model + "-" + i).packString("model").packString(model);
            }
            p.packMapHeader(1).packString("chunk").packString(chunk);
            OutputStream out = s.getOutputStream();
            out.write(p.toByteArray());
            out.flush();
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(in)) {
                return u.unpackValue().asMapValue().map().get(org.msgpack.value.ValueFactory.newString("ack")).asStringValue().asString();
            }
        }
    }
}
