package dev.cd4ml.data.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts distinct values given as byte slices, allocating only when a new value is first seen.
 * At most {@code maxTracked} values are tracked so memory stays bounded on high-cardinality
 * columns; values first seen after that are counted as {@link #overflow()}.
 */
public final class CategoryCounter {
  public static final int UNTRACKED = -1;

  private final int maxTracked;
  private byte[][] keys;
  private int[] hashes;
  private long[] counts;
  private int[] table; // slot -> entry index + 1, 0 = empty
  private int size;
  private long overflow;

  public CategoryCounter(int maxTracked) {
    this.maxTracked = maxTracked;
    int initial = Math.min(16, maxTracked);
    keys = new byte[initial][];
    hashes = new int[initial];
    counts = new long[initial];
    table = new int[Integer.highestOneBit(Math.max(4, initial * 2)) * 2];
  }

  /** Counts one occurrence; returns the value's stable index, or {@link #UNTRACKED}. */
  public int add(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    h ^= h >>> 16;
    int mask = table.length - 1;
    int slot = h & mask;
    int len = to - from;
    while (true) {
      int e = table[slot];
      if (e == 0) {
        break;
      }
      int idx = e - 1;
      if (hashes[idx] == h && keys[idx].length == len && Arrays.equals(keys[idx], 0, len, b, from, to)) {
        counts[idx]++;
        return idx;
      }
      slot = (slot + 1) & mask;
    }
    if (size >= maxTracked) {
      overflow++;
      return UNTRACKED;
    }
    if (size == keys.length) {
      int n = Math.min(maxTracked, size * 2);
      keys = Arrays.copyOf(keys, n);
      hashes = Arrays.copyOf(hashes, n);
      counts = Arrays.copyOf(counts, n);
    }
    int idx = size++;
    keys[idx] = Arrays.copyOfRange(b, from, to);
    hashes[idx] = h;
    counts[idx] = 1;
    table[slot] = idx + 1;
    if (size * 2 > table.length) {
      rehash();
    }
    return idx;
  }

  public int add(String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    return add(b, 0, b.length);
  }

  private void rehash() {
    int[] t = new int[table.length * 2];
    int mask = t.length - 1;
    for (int idx = 0; idx < size; idx++) {
      int slot = hashes[idx] & mask;
      while (t[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      t[slot] = idx + 1;
    }
    table = t;
  }

  public int size() { return size; }
  public long overflow() { return overflow; }
  /** True when more distinct values appeared than could be tracked. */
  public boolean capped() { return overflow > 0; }

  public String value(int idx) {
    return new String(keys[idx], StandardCharsets.UTF_8);
  }

  public long count(int idx) {
    return counts[idx];
  }

  public long total() {
    long t = overflow;
    for (int i = 0; i < size; i++) {
      t += counts[i];
    }
    return t;
  }

  /** The {@code n} most frequent values (ties by first appearance), in descending count order. */
  public Map<String, Long> top(int n) {
    List<Integer> order = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> -counts[i]).thenComparingInt(i -> i));
    Map<String, Long> top = new LinkedHashMap<>();
    for (int k = 0; k < Math.min(n, order.size()); k++) {
      top.put(value(order.get(k)), counts[order.get(k)]);
    }
    return top;
  }
}
