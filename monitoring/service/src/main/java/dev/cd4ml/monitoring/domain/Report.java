package dev.cd4ml.monitoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The judgement of one model version in one environment over one window: every metric with its
 * verdict, and the worst of them as {@code status}. Serialized as the report API's body.
 */
public record Report(
    String model,
    String environment,
    int version,
    Instant from,
    Instant to,
    Instant generatedAt,
    Status status,
    BaselineRef baseline,
    Counts counts,
    List<FeatureDrift> features,
    PredictionDrift prediction,
    List<Fairness> fairness,
    Quality quality,
    Shadow shadow,
    Explanations explanations) {

  /** The same report with the window's explanation drivers (a second aggregation, on another index). */
  public Report withExplanations(Explanations e) {
    return new Report(model, environment, version, from, to, generatedAt, status, baseline, counts, features,
        prediction, fairness, quality, shadow, e);
  }

  /** The same report with the window's refused prediction requests (a count on another index). */
  public Report withRejected(long rejected) {
    return new Report(model, environment, version, from, to, generatedAt, status, baseline,
        new Counts(counts.predictions(), counts.labelled(), counts.labelledShare(), counts.unknownCategories(), rejected),
        features, prediction, fairness, quality, shadow, explanations);
  }

  public record BaselineRef(String dataset, String dataVersion, long rows) {}

  /**
   * @param labelledShare labelled / predictions (0 when there were none)
   * @param rejected      prediction requests and batch rows serving refused (4xx problems: unknown field, wrong
   *                      type, missing value, malformed body...), serving's {@code cd4ml.rejection} records
   */
  public record Counts(long predictions, long labelled, double labelledShare, long unknownCategories, long rejected) {}

  /**
   * @param psi           null when there is nothing to compare
   * @param ks            numeric features only
   * @param unseen        live categories the training data never had, with their counts
   * @param distribution  the bins PSI and KS were computed on, training against live
   */
  public record FeatureDrift(String feature, String type, Status status, @Schema(nullable = true) Double psi,
      Verdict psiVerdict, @Schema(nullable = true) Double ks, @Schema(nullable = true) Verdict ksVerdict, double missingRate, double trainingMissingRate, Verdict missingVerdict,
      Map<String, Long> unseen, Distribution distribution) {}

  /**
   * The counts drift is judged on, so a reader can draw live against training without a second
   * computation: one label per bin (numeric: below the training minimum, each histogram bin, above
   * the maximum; categorical: each listed category, the unlisted rest, unseen), counts in bin order.
   */
  public record Distribution(List<String> bins, long[] training, long[] live) {}

  /** Predicted label shares against the training label shares. */
  public record PredictionDrift(Status status, @Schema(nullable = true) Double psi, Verdict verdict, Map<String, Double> live,
      Map<String, Double> training) {}

  /**
   * @param metric positiveRate (of predictions), accuracy or truePositiveRate (of labelled ones)
   */
  public record Fairness(String column, String metric, Map<String, Double> groups, @Schema(nullable = true) Double gap, Verdict verdict) {}

  public record Quality(Status status, Verdict verdict, @Schema(nullable = true) Double accuracy,
      @Schema(nullable = true) Double macroF1, @Schema(nullable = true) Double heldOutAccuracy,
      List<String> labels, long[][] confusion) {}

  /** @param agreement share of compared predictions where shadow and primary agreed */
  public record Shadow(long compared, @Schema(nullable = true) Double agreement, long labelled,
      @Schema(nullable = true) Double accuracy, @Schema(nullable = true) Double primaryAccuracy) {}
}
