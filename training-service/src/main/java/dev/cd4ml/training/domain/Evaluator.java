package dev.cd4ml.training.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes accuracy, macro F1, per-class precision/recall, the confusion matrix, ROC AUC (from the
 * positive label's score) and per-group fairness figures from plain arrays, so every number is
 * checkable by hand in a test.
 */
public final class Evaluator {
  /** The group name of rows whose protected value is missing. */
  public static final String MISSING_GROUP = "(missing)";

  private Evaluator() {}

  /**
   * @param truth          true label per test row
   * @param predicted      predicted label per test row
   * @param positiveScore  the model's score for the positive label per row, or null when it has no probabilities
   * @param labels         every label the problem has (rows/columns of the confusion matrix)
   * @param positiveLabel  the label counted as positive for fairness rates and AUC; may be null
   * @param protectedColumns names of the protected columns
   * @param groups         per test row, the protected columns' values (null = missing)
   */
  public static Evaluation evaluate(String[] truth, String[] predicted, double[] positiveScore, List<String> labels,
      String positiveLabel, List<String> protectedColumns, List<String[]> groups) {
    int n = truth.length;
    if (n == 0 || predicted.length != n) {
      throw new IllegalArgumentException("need one prediction per test row");
    }
    List<String> order = new ArrayList<>(new TreeSet<>(labels));
    for (int i = 0; i < n; i++) {
      // A label seen only in the test split still gets a row in the matrix.
      if (!order.contains(truth[i])) {
        order.add(truth[i]);
      }
      if (!order.contains(predicted[i])) {
        order.add(predicted[i]);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < order.size(); k++) {
      index.put(order.get(k), k);
    }
    long[][] cm = new long[order.size()][order.size()];
    long correct = 0;
    for (int i = 0; i < n; i++) {
      cm[index.get(truth[i])][index.get(predicted[i])]++;
      if (truth[i].equals(predicted[i])) {
        correct++;
      }
    }
    Map<String, Evaluation.ClassMetrics> perClass = new LinkedHashMap<>();
    double f1Sum = 0;
    long majority = 0;
    for (int k = 0; k < order.size(); k++) {
      long tp = cm[k][k];
      long support = Arrays.stream(cm[k]).sum();
      long predictedK = 0;
      for (long[] row : cm) {
        predictedK += row[k];
      }
      double precision = predictedK == 0 ? 0 : (double) tp / predictedK;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.put(order.get(k), new Evaluation.ClassMetrics(support, precision, recall, f1));
      f1Sum += f1;
      majority = Math.max(majority, support);
    }
    Double auc = positiveScore == null || positiveLabel == null ? null : rocAuc(truth, positiveScore, positiveLabel);
    Map<String, Evaluation.ColumnFairness> fairness = new TreeMap<>();
    for (int c = 0; c < protectedColumns.size(); c++) {
      fairness.put(protectedColumns.get(c), fairness(truth, predicted, positiveLabel, groups, c));
    }
    return new Evaluation(n, (double) correct / n, f1Sum / order.size(), auc, (double) majority / n, order, perClass, cm,
        positiveLabel, fairness);
  }

  private static Evaluation.ColumnFairness fairness(String[] truth, String[] predicted, String positive,
      List<String[]> groups, int column) {
    // per group: count, correct, predicted positive, actual positive, true positive
    Map<String, long[]> counts = new TreeMap<>();
    for (int i = 0; i < truth.length; i++) {
      String g = groups.get(i)[column];
      long[] c = counts.computeIfAbsent(g == null ? MISSING_GROUP : g, k -> new long[5]);
      c[0]++;
      if (truth[i].equals(predicted[i])) {
        c[1]++;
      }
      if (positive != null) {
        boolean predPos = positive.equals(predicted[i]);
        boolean actualPos = positive.equals(truth[i]);
        if (predPos) {
          c[2]++;
        }
        if (actualPos) {
          c[3]++;
          if (predPos) {
            c[4]++;
          }
        }
      }
    }
    Map<String, Evaluation.GroupMetrics> metrics = new LinkedHashMap<>();
    double accMin = Double.MAX_VALUE;
    double accMax = -Double.MAX_VALUE;
    double prMin = Double.MAX_VALUE;
    double prMax = -Double.MAX_VALUE;
    double tprMin = Double.MAX_VALUE;
    double tprMax = -Double.MAX_VALUE;
    boolean anyTpr = false;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      double acc = (double) c[1] / c[0];
      Double pr = positive == null ? null : (double) c[2] / c[0];
      Double tpr = positive == null || c[3] == 0 ? null : (double) c[4] / c[3];
      metrics.put(e.getKey(), new Evaluation.GroupMetrics(c[0], acc, pr, tpr));
      accMin = Math.min(accMin, acc);
      accMax = Math.max(accMax, acc);
      if (pr != null) {
        prMin = Math.min(prMin, pr);
        prMax = Math.max(prMax, pr);
      }
      if (tpr != null) {
        anyTpr = true;
        tprMin = Math.min(tprMin, tpr);
        tprMax = Math.max(tprMax, tpr);
      }
    }
    return new Evaluation.ColumnFairness(metrics, accMax - accMin, positive == null ? null : prMax - prMin,
        anyTpr ? tprMax - tprMin : null);
  }

  /**
   * Area under the ROC curve = probability that a random positive scores above a random negative
   * (ties count half), computed from ranks. Null when one class is absent from the test rows.
   */
  public static Double rocAuc(String[] truth, double[] score, String positive) {
    int n = truth.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    long positives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie block
      for (int k = i; k <= j; k++) {
        if (positive.equals(truth[idx[k]])) {
          positives++;
          rankSum += avgRank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return null;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The flat metric names the registry's promotion policy reads. */
  public static Map<String, Double> flatMetrics(Evaluation e) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", e.accuracy());
    m.put("macroF1", e.macroF1());
    if (e.rocAuc() != null) {
      m.put("rocAuc", e.rocAuc());
    }
    m.put("majorityClassRate", e.majorityClassRate());
    e.perClass().forEach((label, c) -> {
      m.put("precision." + label, c.precision());
      m.put("recall." + label, c.recall());
    });
    e.fairness().forEach((column, f) -> {
      if (f.positiveRateGap() != null) {
        m.put("fairness." + column + ".positiveRateGap", f.positiveRateGap());
      }
      if (f.truePositiveRateGap() != null) {
        m.put("fairness." + column + ".truePositiveRateGap", f.truePositiveRateGap());
      }
      m.put("fairness." + column + ".accuracyGap", f.accuracyGap());
    });
    return m;
  }

  /**
   * The positive label: the requested one, else a conventional name (yes, true, 1, positive), else
   * for a binary problem the rarer label (what one usually wants to detect); null for multi-class.
   */
  public static String positiveLabel(String requested, Map<String, Long> labelCounts) {
    if (requested != null && !requested.isBlank()) {
      return requested;
    }
    for (String conventional : List.of("yes", "true", "1", "positive", "Yes", "YES", "True", "TRUE")) {
      if (labelCounts.containsKey(conventional)) {
        return conventional;
      }
    }
    if (labelCounts.size() == 2) {
      return labelCounts.entrySet().stream()
          .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey).orElse(null);
    }
    return null;
  }
}
