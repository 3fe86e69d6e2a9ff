package dev.cd4ml.serving.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Packs a log record into a MessagePack map directly, for Fluency's pre-serialized emit: about an
 * order of magnitude cheaper than Fluency's Jackson-based map serialization, which matters at tens of
 * thousands of records per second. Not thread-safe: one instance per shipping thread.
 */
public final class MsgPackRecords {
  // A packer over a stream we reset keeps its 8 KiB buffer; a cleared MessageBufferPacker allocates
  // (and zeroes) a fresh one for every record.
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
  private final MessagePacker packer = MessagePack.newDefaultPacker(out);

  public byte[] pack(Map<String, ?> record) {
    out.reset();
    try {
      packValue(record);
      packer.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void packValue(Object v) throws IOException {
    if (v == null) {
      packer.packNil();
    } else if (v instanceof String s) {
      packer.packString(s);
    } else if (v instanceof Double d) {
      packer.packDouble(d);
    } else if (v instanceof Integer i) {
      packer.packInt(i);
    } else if (v instanceof Long l) {
      packer.packLong(l);
    } else if (v instanceof Boolean b) {
      packer.packBoolean(b);
    } else if (v instanceof Float f) {
      packer.packFloat(f);
    } else if (v instanceof Number n) {
      packer.packDouble(n.doubleValue());
    } else if (v instanceof Map<?, ?> m) {
      packer.packMapHeader(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        packer.packString(String.valueOf(e.getKey()));
        packValue(e.getValue());
      }
    } else if (v instanceof Collection<?> c) {
      packer.packArrayHeader(c.size());
      for (Object o : c) {
        packValue(o);
      }
    } else {
      packer.packString(v.toString());
    }
  }
}
