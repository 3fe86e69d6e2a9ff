package dev.cd4ml.data.domain;

import java.nio.charset.StandardCharsets;

/**
 * One CSV record as byte slices of a reused buffer: valid only during the callback that
 * receives it, so the hot path allocates nothing per field.
 */
public final class CsvRecord {
  byte[] data = new byte[8192];
  int[] starts = new int[64];
  int[] ends = new int[64];
  int size;
  int length;
  long line;

  public int size() { return size; }
  public byte[] data() { return data; }
  public int start(int i) { return starts[i]; }
  public int end(int i) { return ends[i]; }
  /** 1-based physical line where the record starts. */
  public long line() { return line; }

  public boolean isEmpty(int i) {
    return ends[i] == starts[i];
  }

  public String text(int i) {
    return new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  void reset() {
    size = 0;
    length = 0;
  }

  void append(byte b) {
    if (length == data.length) {
      data = java.util.Arrays.copyOf(data, data.length * 2);
    }
    data[length++] = b;
  }

  void append(byte[] src, int from, int n) {
    if (length + n > data.length) {
      data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + n));
    }
    System.arraycopy(src, from, data, length, n);
    length += n;
  }

  void endField(int fieldStart) {
    if (size == starts.length) {
      starts = java.util.Arrays.copyOf(starts, size * 2);
      ends = java.util.Arrays.copyOf(ends, size * 2);
    }
    starts[size] = fieldStart;
    ends[size] = length;
    size++;
  }
}
