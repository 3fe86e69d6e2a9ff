package dev.cd4ml.contracts.drift;

import java.util.Map;
import java.util.TreeSet;

/**
 * Drift between two distributions given as counts on the same bins: a feature's training data and
 * its live traffic (monitoring's numeric and category bins), or the labels two model versions
 * predicted (the canary analysis, in monitoring-service and the pipeline CLI). Missing values are
 * not in the bins: they are judged as a rate of their own.
 */
public final class DriftStatistics {
  /** Floor of a bin's share, so PSI stays finite where one side has nothing in a bin. */
  public static final double EPSILON = 1e-4;

  private DriftStatistics() {}

  /**
   * Population stability index: {@code sum((a - e) * ln(a / e))} over the bins' shares, each share
   * floored at {@link #EPSILON}.
   */
  public static double psi(long[] expected, long[] actual) {
    double te = total(expected, actual);
    double ta = total(actual, expected);
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i] / te, EPSILON);
      double a = Math.max(actual[i] / ta, EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * PSI of two categorical distributions given as counts per category (e.g. the labels two model
   * versions predicted), on the union of their categories: a category only one side has is a bin of
   * its own, its share on the other side floored at {@link #EPSILON}. Null when either side is empty.
   */
  public static Double psi(Map<String, Long> expected, Map<String, Long> actual) {
    TreeSet<String> categories = new TreeSet<>(expected.keySet());
    categories.addAll(actual.keySet());
    long[] e = new long[categories.size()];
    long[] a = new long[categories.size()];
    long te = 0;
    long ta = 0;
    int i = 0;
    for (String c : categories) {
      e[i] = expected.getOrDefault(c, 0L);
      a[i] = actual.getOrDefault(c, 0L);
      te += e[i];
      ta += a[i];
      i++;
    }
    return te == 0 || ta == 0 ? null : psi(e, a);
  }

  /**
   * Two-sample Kolmogorov-Smirnov statistic on ordered bins: the largest distance between the two
   * cumulative shares at the bins' upper edges. Only bin counts are known of the training data, so
   * this is the exact statistic of the binned samples and a lower bound of the unbinned one.
   */
  public static double ks(long[] expected, long[] actual) {
    double te = total(expected, actual);
    double ta = total(actual, expected);
    double ce = 0;
    double ca = 0;
    double d = 0;
    for (int i = 0; i < expected.length; i++) {
      ce += expected[i];
      ca += actual[i];
      d = Math.max(d, Math.abs(ce / te - ca / ta));
    }
    return d;
  }

  private static double total(long[] counts, long[] other) {
    if (counts.length != other.length || counts.length == 0) {
      throw new IllegalArgumentException("both distributions need the same, non-empty bins");
    }
    long t = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("a count is negative");
      }
      t += c;
    }
    if (t == 0) {
      throw new IllegalArgumentException("a distribution has no values");
    }
    return t;
  }
}
