package dev.cd4ml.contracts.monitoring;

import dev.cd4ml.contracts.drift.DriftStatistics;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The canary beside the primary (production) version over the same window of the prediction log:
 * monitoring-service's {@code GET /monitoring/models/{name}/canary-analysis} answers it, the pipeline
 * CLI's {@code cd4ml canary-analysis} reads it (declared once, here). The verdict is the pipeline's
 * (its thresholds are its options): this only measures, so both sides are computed the same way.
 */
@Schema(description = "The canary version beside the primary version over the same window")
public record CanaryAnalysis(
    String model,
    String environment,
    Instant from,
    Instant to,
    VersionFigures primary,
    VersionFigures canary,
    @Schema(description = "canary predictions / all predictions of the two versions; null when there are none")
    Double canaryShare,
    @Schema(description = "PSI between the two versions' predicted-label distributions (each share floored at 1e-4);"
        + " null when either has no predictions")
    Double predictionDriftPsi) {

  /** What the log holds of one version in the window. */
  public record VersionCounts(int version, long predictions, long rejected, Double latencyP99Ms,
      Map<String, Long> predicted, long labelled, long correct) {}

  @Schema(description = "One version's figures in the window")
  public record VersionFigures(
      int version,
      @Schema(description = "primary or canary") String role,
      long predictions,
      @Schema(description = "prediction requests serving refused that its log attributes to this version")
      long rejected,
      @Schema(description = "rejected / (predictions + rejected); null without any request") Double errorRate,
      @Schema(description = "99th percentile of the records' latencyMs; null without predictions") Double latencyP99Ms,
      @Schema(description = "predictions per predicted label") Map<String, Long> predicted,
      @Schema(description = "predictions that feedback labelled") long labelled,
      @Schema(description = "share of the labelled predictions that were right; null without labels") Double accuracy) {}

  public static CanaryAnalysis of(String model, String environment, Instant from, Instant to, VersionCounts primary,
      VersionCounts canary) {
    long both = primary.predictions() + canary.predictions();
    return new CanaryAnalysis(model, environment, from, to, figures(primary, "primary"), figures(canary, "canary"),
        both == 0 ? null : (double) canary.predictions() / both, DriftStatistics.psi(primary.predicted(), canary.predicted()));
  }

  private static VersionFigures figures(VersionCounts v, String role) {
    long requests = v.predictions() + v.rejected();
    return new VersionFigures(v.version(), role, v.predictions(), v.rejected(),
        requests == 0 ? null : (double) v.rejected() / requests,
        v.predictions() == 0 ? null : v.latencyP99Ms(),
        new TreeMap<>(v.predicted()), v.labelled(),
        v.labelled() == 0 ? null : (double) v.correct() / v.labelled());
  }
}
