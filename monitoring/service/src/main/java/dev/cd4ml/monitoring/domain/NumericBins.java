package dev.cd4ml.monitoring.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bins live values of a numeric feature are counted in: the training profile's histogram bins
 * over [min, max] (each [lower, upper), the last one closed), plus one bin below the training
 * minimum and one above its maximum, because a value the training data never reached is drift,
 * not a member of the edge bin. The search engine counts live values with {@link #ranges()}.
 */
public final class NumericBins {
  private final double[] edges;

  /** @param edges the profile histogram's edges, ascending, at least two */
  public NumericBins(double[] edges) {
    if (edges == null || edges.length < 2) {
      throw new IllegalArgumentException("a histogram needs at least two edges");
    }
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] >= edges[i - 1])) {
        throw new IllegalArgumentException("histogram edges must ascend");
      }
    }
    this.edges = edges.clone();
  }

  /** Inner bins plus the two outer ones. */
  public int size() {
    return edges.length + 1;
  }

  /** The bin of one value: 0 below the training minimum, {@code size() - 1} above its maximum. */
  public int indexOf(double v) {
    int last = edges.length - 1;
    if (v < edges[0]) {
      return 0;
    }
    if (v > edges[last]) {
      return size() - 1;
    }
    if (v == edges[last]) {
      return last;
    }
    int i = Arrays.binarySearch(edges, v);
    // An exact edge starts its bin; otherwise the insertion point is the next edge.
    int lower = i >= 0 ? lastEqual(i) : -i - 2;
    return lower + 1;
  }

  private int lastEqual(int i) {
    while (i + 1 < edges.length - 1 && edges[i + 1] == edges[i]) {
      i++;
    }
    return i;
  }

  /** The training counts on these bins: nothing in the outer bins. */
  public long[] expected(long[] histogramCounts) {
    if (histogramCounts.length != edges.length - 1) {
      throw new IllegalArgumentException("the histogram has " + histogramCounts.length + " counts for "
          + edges.length + " edges");
    }
    long[] expected = new long[size()];
    System.arraycopy(histogramCounts, 0, expected, 1, histogramCounts.length);
    return expected;
  }

  /**
   * The bins as search-engine ranges ({@code from} inclusive, {@code to} exclusive, null = open), in
   * bin order; the last inner bin ends just above the maximum so that the maximum belongs to it.
   */
  public List<Range> ranges() {
    List<Range> ranges = new ArrayList<>(size());
    int last = edges.length - 1;
    double aboveMax = Math.nextUp(edges[last]);
    ranges.add(new Range(null, edges[0]));
    for (int i = 0; i < last; i++) {
      ranges.add(new Range(edges[i], i == last - 1 ? aboveMax : edges[i + 1]));
    }
    ranges.add(new Range(aboveMax, null));
    return ranges;
  }

  /** Bin labels in bin order: {@code < min}, {@code [lower, upper)} for each histogram bin (the last closed), {@code > max}. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>(size());
    int last = edges.length - 1;
    labels.add("< " + edge(edges[0]));
    for (int i = 0; i < last; i++) {
      labels.add("[" + edge(edges[i]) + ", " + edge(edges[i + 1]) + (i == last - 1 ? "]" : ")"));
    }
    labels.add("> " + edge(edges[last]));
    return labels;
  }

  /** Four significant digits: enough to tell bins apart, short enough for an axis. */
  static String edge(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  public record Range(Double from, Double to) {}
}
