package dev.cd4ml.serving.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A MessagePack writer into one reused, growing array, for the prediction log: a record is written
 * field by field with no intermediate map and no per-record buffer (msgpack-core's packer took about
 * 6 % of serving's CPU at 20k records/s, mostly buffer management and string encoding). ASCII text,
 * which keys and categories almost always are, is copied char by char. Not thread-safe: one instance
 * per shipping thread.
 */
public final class MsgPackWriter {
  private byte[] buf = new byte[1024];
  private int pos;

  /** Starts a new value at the beginning of the array. */
  public MsgPackWriter reset() {
    pos = 0;
    return this;
  }

  /** The array holding what was written; valid up to {@link #length()} until the next write. */
  public byte[] array() { return buf; }
  public int length() { return pos; }
  public byte[] toByteArray() { return Arrays.copyOf(buf, pos); }

  public MsgPackWriter mapHeader(int size) {
    header(size, 16, 0x80, 0, 0xde, 0xdf);
    return this;
  }

  public MsgPackWriter arrayHeader(int size) {
    header(size, 16, 0x90, 0, 0xdc, 0xdd);
    return this;
  }

  public MsgPackWriter nil() {
    ensure(1);
    buf[pos++] = (byte) 0xc0;
    return this;
  }

  public MsgPackWriter bool(boolean b) {
    ensure(1);
    buf[pos++] = (byte) (b ? 0xc3 : 0xc2);
    return this;
  }

  public MsgPackWriter float64(double d) {
    ensure(9);
    buf[pos++] = (byte) 0xcb;
    putLong(Double.doubleToRawLongBits(d));
    return this;
  }

  public MsgPackWriter integer(long v) {
    ensure(9);
    if (v >= 0 && v < 128) {
      buf[pos++] = (byte) v; // positive fixint
    } else if (v < 0 && v >= -32) {
      buf[pos++] = (byte) v; // negative fixint
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      buf[pos++] = (byte) 0xd2;
      putInt((int) v);
    } else {
      buf[pos++] = (byte) 0xd3;
      putLong(v);
    }
    return this;
  }

  public MsgPackWriter str(String s) {
    int n = s.length();
    ensure(5 + n);
    int start = pos;
    header(n, 32, 0xa0, 0xd9, 0xda, 0xdb);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) { // not ASCII: the byte length differs from the char count
        pos = start;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(5 + utf8.length);
        header(utf8.length, 32, 0xa0, 0xd9, 0xda, 0xdb);
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
        return this;
      }
      buf[pos++] = (byte) c;
    }
    return this;
  }

  /** An instant as ISO-8601 UTC text with milliseconds ({@link IsoMillis}), written without a String. */
  public MsgPackWriter isoMillis(long epochMillis) {
    int n = IsoMillis.length(epochMillis);
    ensure(5 + n);
    header(n, 32, 0xa0, 0xd9, 0xda, 0xdb);
    IsoMillis.write(epochMillis, buf, pos);
    pos += n;
    return this;
  }

  /** Bytes already encoded as one MessagePack value (see {@link #encode}). */
  public MsgPackWriter raw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, buf, pos, encoded.length);
    pos += encoded.length;
    return this;
  }

  /** A string encoded once, for keys written in every record. */
  public static byte[] encode(String s) {
    return new MsgPackWriter().str(s).toByteArray();
  }

  /** Any value a log record holds: text, numbers, booleans, null, maps and collections of them. */
  public MsgPackWriter value(Object v) {
    if (v == null) {
      return nil();
    } else if (v instanceof String s) {
      return str(s);
    } else if (v instanceof Double || v instanceof Float) {
      return float64(((Number) v).doubleValue());
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return integer(((Number) v).longValue());
    } else if (v instanceof Number n) {
      return float64(n.doubleValue());
    } else if (v instanceof Boolean b) {
      return bool(b);
    } else if (v instanceof Map<?, ?> m) {
      mapHeader(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        str(String.valueOf(e.getKey()));
        value(e.getValue());
      }
      return this;
    } else if (v instanceof Collection<?> c) {
      arrayHeader(c.size());
      for (Object o : c) {
        value(o);
      }
      return this;
    }
    return str(v.toString());
  }

  /** A map or array header (fix form below 16, no 8-bit form: {@code b8 = 0}) or a string's (fix below 32). */
  private void header(int size, int fixLimit, int fix, int b8, int b16, int b32) {
    ensure(5);
    if (size < fixLimit) {
      buf[pos++] = (byte) (fix | size);
    } else if (b8 != 0 && size < 256) {
      buf[pos++] = (byte) b8;
      buf[pos++] = (byte) size;
    } else if (size < 65536) {
      buf[pos++] = (byte) b16;
      putShort(size);
    } else {
      buf[pos++] = (byte) b32;
      putInt(size);
    }
  }

  private void putShort(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
