package dev.cd4ml.parts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import org.msgpack.value.ValueType;

import dev.cd4ml.parts.ForwardReceiver.Record;

/**
 * Fluentd forward protocol v1, receiving side: one decoded message gives its events and the
 * chunk id to acknowledge. Modes are told apart by the second element of the message array:
 * <ul>
 * <li>Message: {@code [tag, time, record, option?]}</li>
 * <li>Forward: {@code [tag, [[time, record], ...], option?]}</li>
 * <li>PackedForward: {@code [tag, bin|str of concatenated [time, record], option?]}</li>
 * <li>CompressedPackedForward: as PackedForward, the bytes gzipped, option {@code compressed: "gzip"}</li>
 * </ul>
 * A time is an integer of seconds or the EventTime extension (type 0: big-endian uint32 seconds,
 * uint32 nanoseconds).
 */
final class ForwardProtocol {

    static final byte EVENT_TIME = 0;

    record Decoded(List<Record> records, String chunk) {
    }

    private ForwardProtocol() {
    }

    static Decoded decode(Value message) throws IOException {
        if (!message.isArrayValue()) {
            throw new ProtocolException("a forward message is an array, got " + message.getValueType());
        }
        List<Value> parts = message.asArrayValue().list();
        if (parts.size() < 2 || !parts.get(0).isStringValue()) {
            throw new ProtocolException("a forward message starts with a tag: " + message);
        }
        String tag = parts.get(0).asStringValue().asString();
        Value second = parts.get(1);
        List<Record> records = new ArrayList<>();
        Map<String, Value> option;
        if (second.isArrayValue()) {
            option = option(parts, 2);
            for (Value entry : second.asArrayValue()) {
                records.add(entry(tag, entry));
            }
        } else if (second.isRawValue()) {
            option = option(parts, 2);
            byte[] entries = second.asRawValue().asByteArray();
            Value compressed = option.get("compressed");
            if (compressed != null && "gzip".equals(text(compressed))) {
                entries = gunzip(entries);
            }
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(entries)) {
                while (unpacker.hasNext()) {
                    records.add(entry(tag, unpacker.unpackValue()));
                }
            }
        } else {
            if (parts.size() < 3) {
                throw new ProtocolException("a Message mode message is [tag, time, record]: " + message);
            }
            option = option(parts, 3);
            records.add(new Record(tag, time(second), fields(parts.get(2))));
        }
        return new Decoded(records, chunk(option));
    }

    private static String chunk(Map<String, Value> option) {
        Value chunk = option.get("chunk");
        return chunk == null || chunk.isNilValue() ? null : text(chunk);
    }

    /**
     * Reads one message from {@code in} and writes it to {@code out} without decoding its events:
     * PackedForward entries are copied through {@code scratch}, so taking a message costs a copy and
     * no garbage; the other modes are decoded to check them. Returns the chunk id to acknowledge, or null.
     */
    static String copyMessage(MessageUnpacker in, MessagePacker out, byte[] scratch) throws IOException {
        int size = in.unpackArrayHeader();
        if (size < 2 || !in.hasNext() || in.getNextFormat().getValueType() != ValueType.STRING) {
            throw new ProtocolException("a forward message is an array that starts with a tag");
        }
        String tag = in.unpackString();
        ValueType second = in.getNextFormat().getValueType();
        if (second == ValueType.BINARY || second == ValueType.STRING) {
            int length = second == ValueType.BINARY ? in.unpackBinaryHeader() : in.unpackRawStringHeader();
            out.packArrayHeader(3).packString(tag).packBinaryHeader(length);
            for (int left = length; left > 0; ) {
                int n = Math.min(left, scratch.length);
                in.readPayload(scratch, 0, n);
                out.writePayload(scratch, 0, n);
                left -= n;
            }
            Value option = size > 2 ? in.unpackValue() : ValueFactory.newNil();
            for (int i = 3; i < size; i++) {
                in.skipValue();
            }
            out.packValue(option);
            return chunk(option(List.of(option), 0));
        }
        Value[] parts = new Value[size];
        parts[0] = ValueFactory.newString(tag);
        for (int i = 1; i < size; i++) {
            parts[i] = in.unpackValue();
        }
        Value message = ValueFactory.newArray(parts);
        Decoded decoded = decode(message);
        out.packValue(message);
        return decoded.chunk();
    }

    /** The reply a sender waits for when it asked for an ack: {@code {"ack": chunk}}. */
    static byte[] ack(String chunk) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(1).packString("ack").packString(chunk);
            return packer.toByteArray();
        }
    }

    static byte[] eventTime(Instant time) {
        return ByteBuffer.allocate(8).putInt((int) time.getEpochSecond()).putInt(time.getNano()).array();
    }

    private static Record entry(String tag, Value entry) throws ProtocolException {
        if (!entry.isArrayValue() || entry.asArrayValue().size() < 2) {
            throw new ProtocolException("an event entry is [time, record], got " + entry);
        }
        return new Record(tag, time(entry.asArrayValue().get(0)), fields(entry.asArrayValue().get(1)));
    }

    private static Map<String, Value> option(List<Value> parts, int index) throws ProtocolException {
        if (parts.size() <= index || parts.get(index).isNilValue()) {
            return Map.of();
        }
        if (!parts.get(index).isMapValue()) {
            throw new ProtocolException("the option of a forward message is a map, got " + parts.get(index));
        }
        Map<String, Value> option = new LinkedHashMap<>();
        parts.get(index).asMapValue().map().forEach((k, v) -> option.put(text(k), v));
        return option;
    }

    private static Instant time(Value time) throws ProtocolException {
        if (time.isIntegerValue()) {
            return Instant.ofEpochSecond(time.asIntegerValue().toLong());
        }
        if (time.isExtensionValue() && time.asExtensionValue().getType() == EVENT_TIME) {
            byte[] data = time.asExtensionValue().getData();
            if (data.length != 8) {
                throw new ProtocolException("EventTime has 8 bytes, got " + data.length);
            }
            return eventTime(data);
        }
        if (time.isTimestampValue()) { // msgpack's own timestamp (type -1), sent by some loggers
            return time.asTimestampValue().toInstant();
        }
        if (time.isFloatValue()) { // legacy senders: seconds with a fraction
            double seconds = time.asFloatValue().toDouble();
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
        }
        throw new ProtocolException("not an event time: " + time);
    }

    private static Instant eventTime(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        return Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
    }

    private static String text(Value v) {
        return v.isRawValue() ? new String(v.asRawValue().asByteArray(), StandardCharsets.UTF_8) : v.toString();
    }

    private static Map<String, Object> fields(Value record) throws ProtocolException {
        if (!record.isMapValue()) {
            throw new ProtocolException("a record is a map, got " + record.getValueType());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) toJava(record);
        return fields;
    }

    /** Plain Java values: what a JSON document (and so a search index) can hold. */
    static Object toJava(Value v) {
        switch (v.getValueType()) {
            case NIL:
                return null;
            case BOOLEAN:
                return v.asBooleanValue().getBoolean();
            case INTEGER:
                return v.asIntegerValue().isInLongRange() ? (Object) v.asIntegerValue().toLong() : (BigInteger) v.asIntegerValue().toBigInteger();
            case FLOAT:
                return v.asFloatValue().toDouble();
            case STRING:
            case BINARY:
                // Fluentd itself reads bin as a string: old msgpack had only "raw", and loggers still send text as bin.
                return text(v);
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                v.asArrayValue().forEach(item -> list.add(toJava(item)));
                return Collections.unmodifiableList(list);
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                v.asMapValue().map().forEach((k, item) -> map.put(text(k), toJava(item)));
                return Collections.unmodifiableMap(map);
            }
            case EXTENSION:
                if (v.isTimestampValue()) {
                    return v.asTimestampValue().toInstant();
                }
                ExtensionValue ext = v.asExtensionValue();
                if (ext.getType() == EVENT_TIME && ext.getData().length == 8) {
                    return eventTime(ext.getData());
                }
                return ext.getData();
            default:
                throw new IllegalArgumentException("unknown msgpack type " + v.getValueType());
        }
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        // GZIPInputStream reads concatenated members too: senders append one member per flush.
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
