package dev.cd4ml.data.domain;

/**
 * Count, min, max, mean and standard deviation (Welford) of a numeric column in one pass, plus a
 * histogram. The histogram's final bins span [min, max], which is only known at the end, so
 * values go into {@value #FINE} fine equal-width bins whose range doubles (merging neighbours)
 * whenever a value falls outside it; at the end the fine bins are re-binned into the requested
 * number of bins. A fine bin is at most 1/512 of the final range, which bounds the error of a
 * bin count to the values within that distance of a bin edge.
 */
public final class NumericStats {
  static final int FINE = 1024;

  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double mean;
  private double m2;

  private long[] fine; // null while every value so far equals the first one
  private double lo;
  private double width;
  private double first;
  private long firstCount;

  public void add(double x) {
    count++;
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    histogram(x);
  }

  private void histogram(double x) {
    if (fine == null) {
      if (firstCount == 0 || x == first) {
        first = x;
        firstCount++;
        return;
      }
      double a = Math.min(first, x);
      double b = Math.max(first, x);
      fine = new long[FINE];
      lo = a;
      width = (b - a) / (FINE / 2.0);
      if (!(width > 0) || Double.isInfinite(width)) {
        width = Math.max(Math.ulp(a), Double.MIN_NORMAL);
      }
      fine[bin(first)] += firstCount;
    }
    while (x < lo || x >= lo + FINE * width) {
      expand(x < lo);
    }
    fine[bin(x)]++;
  }

  private int bin(double x) {
    int i = (int) ((x - lo) / width);
    return i < 0 ? 0 : Math.min(i, FINE - 1);
  }

  /** Doubles the bin width; the old range becomes the upper half (downward) or lower half. */
  private void expand(boolean downward) {
    long[] merged = new long[FINE];
    int offset = downward ? FINE / 2 : 0;
    for (int i = 0; i < FINE; i++) {
      merged[offset + i / 2] += fine[i];
    }
    if (downward) {
      lo -= FINE * width;
    }
    width *= 2;
    fine = merged;
    if (Double.isInfinite(width) || Double.isInfinite(lo)) {
      throw new ArithmeticException("value range too wide for a histogram");
    }
  }

  public long count() { return count; }
  public double min() { return min; }
  public double max() { return max; }
  public double mean() { return mean; }

  /** Sample standard deviation (n - 1), 0 for fewer than two values. */
  public double std() {
    return count < 2 ? 0.0 : Math.sqrt(m2 / (count - 1));
  }

  /** Equal-width bins over [min, max]; an empty array when there are no values. */
  public Histogram histogram(int bins) {
    if (count == 0) {
      return new Histogram(new double[0], new long[0]);
    }
    if (fine == null) {
      return new Histogram(new double[] {min, max}, new long[] {firstCount});
    }
    double[] edges = new double[bins + 1];
    double step = (max - min) / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = i == bins ? max : min + i * step;
    }
    long[] counts = new long[bins];
    for (int i = 0; i < FINE; i++) {
      if (fine[i] == 0) {
        continue;
      }
      double center = lo + (i + 0.5) * width;
      int b = (int) ((center - min) / step);
      counts[b < 0 ? 0 : Math.min(b, bins - 1)] += fine[i];
    }
    return new Histogram(edges, counts);
  }

  /** {@code edges.length == counts.length + 1}. */
  public record Histogram(double[] edges, long[] counts) {}
}
