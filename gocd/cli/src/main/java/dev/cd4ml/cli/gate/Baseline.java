package dev.cd4ml.cli.gate;

import java.util.Map;

/**
 * What a model must beat on a set of labelled rows, from their class shares alone: the accuracy of always
 * answering the most frequent class, and the expected macro F1 of guessing a class uniformly at random
 * (class c with share p among k classes: precision p, recall 1/k, F1 = 2p / (kp + 1)). Both hold for any
 * classification problem: 3 classes, or 95 % of one class.
 */
public record Baseline(int classes, long rows, double majorityClassRate, double uniformMacroF1) {

  public static Baseline of(Map<String, Long> classCounts) {
    long rows = 0;
    long max = 0;
    for (long n : classCounts.values()) {
      rows += n;
      max = Math.max(max, n);
    }
    int k = classCounts.size();
    if (rows == 0) {
      return new Baseline(k, 0, 0, 0);
    }
    double f1 = 0;
    for (long n : classCounts.values()) {
      double p = (double) n / rows;
      f1 += 2 * p / (k * p + 1);
    }
    return new Baseline(k, rows, (double) max / rows, f1 / k);
  }

  @Override
  public String toString() {
    return String.format("%d classes on %d rows: majority-class rate %.4f, uniform-guess macro F1 %.4f", classes, rows,
        majorityClassRate, uniformMacroF1);
  }
}
