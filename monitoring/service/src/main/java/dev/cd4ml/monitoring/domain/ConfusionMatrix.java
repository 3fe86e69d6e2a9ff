package dev.cd4ml.monitoring.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labelled predictions counted by (actual, predicted) label, the model's labels in order. Built
 * from the search engine's {@code terms(actual) x terms(prediction)} aggregation.
 *
 * @param counts {@code counts[actual][predicted]}
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {

  public ConfusionMatrix {
    labels = List.copyOf(labels);
    if (counts.length != labels.size()) {
      throw new IllegalArgumentException("one row per label");
    }
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != labels.size()) {
        throw new IllegalArgumentException("one column per label");
      }
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  /**
   * @param actualToPredicted counts by actual label, then predicted label; a label the model does
   *     not have is refused (feedback is validated against the model's labels when it arrives)
   */
  public static ConfusionMatrix of(List<String> labels, Map<String, Map<String, Long>> actualToPredicted) {
    long[][] counts = new long[labels.size()][labels.size()];
    actualToPredicted.forEach((actual, row) -> row.forEach((predicted, n) ->
        counts[indexOf(labels, actual)][indexOf(labels, predicted)] += n));
    return new ConfusionMatrix(labels, counts);
  }

  private static int indexOf(List<String> labels, String label) {
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("'" + label + "' is not one of the labels " + labels);
    }
    return i;
  }

  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /** Share of labelled predictions that were right; NaN when nothing is labelled. */
  public double accuracy() {
    long right = 0;
    for (int i = 0; i < counts.length; i++) {
      right += counts[i][i];
    }
    long total = total();
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /** True-positive rate (recall) of one label; NaN when no labelled row has it. */
  public double recall(String label) {
    int i = indexOf(labels, label);
    long support = 0;
    for (long c : counts[i]) {
      support += c;
    }
    return support == 0 ? Double.NaN : (double) counts[i][i] / support;
  }

  /**
   * Mean of the labels' F1 scores over the labels that occur as actual or predicted (a label in
   * neither says nothing about the model); a label predicted but never right scores 0.
   */
  public double macroF1() {
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      long tp = counts[i][i];
      long actual = 0;
      long predicted = 0;
      for (int j = 0; j < counts.length; j++) {
        actual += counts[i][j];
        predicted += counts[j][i];
      }
      if (actual + predicted == 0) {
        continue;
      }
      scores.add(2.0 * tp / (actual + predicted));
    }
    return scores.isEmpty() ? Double.NaN : scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
