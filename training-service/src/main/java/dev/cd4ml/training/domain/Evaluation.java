package dev.cd4ml.training.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Everything measured on the held-out split.
 *
 * @param labels          label order of the confusion matrix rows (truth) and columns (predicted)
 * @param rocAuc          null when the model gives no probabilities (a single CART tree) or the
 *                        problem has no positive label
 * @param fairness        per protected column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(
    int testRows,
    double accuracy,
    double macroF1,
    Double rocAuc,
    double majorityClassRate,
    List<String> labels,
    Map<String, ClassMetrics> perClass,
    long[][] confusionMatrix,
    String positiveLabel,
    Map<String, ColumnFairness> fairness) {

  public record ClassMetrics(long support, double precision, double recall, double f1) {}

  /**
   * @param positiveRateGap     max − min positive-prediction rate across groups (null without a positive label)
   * @param truePositiveRateGap max − min true-positive rate across groups that have positives
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ColumnFairness(Map<String, GroupMetrics> groups, double accuracyGap, Double positiveRateGap,
      Double truePositiveRateGap) {}

  /** truePositiveRate is null for a group without actual positives. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GroupMetrics(long count, double accuracy, Double positiveRate, Double truePositiveRate) {}
}
