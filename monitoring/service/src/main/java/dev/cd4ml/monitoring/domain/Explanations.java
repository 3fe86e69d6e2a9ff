package dev.cd4ml.monitoring.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How often each input feature drives predictions now — the share of sampled explanations in the
 * window that name it among their drivers — beside the same share on the version's held-out
 * training split (its lineage metrics {@code drivers.<feature>}, computed by the same explainer).
 *
 * @param sampled explanations logged in the window (a sample of the predictions)
 */
public record Explanations(long sampled, List<FeatureDrivers> features) {
  public static final String TRAINING_METRIC_PREFIX = "drivers.";

  /** @param live null when nothing was sampled; training null when the version did not record it */
  public record FeatureDrivers(String feature, @Schema(nullable = true) Double live,
      @Schema(nullable = true) Double training) {}

  /**
   * @param features      the model's features in signature order
   * @param driverCounts  feature → explanations naming it as a driver
   * @param trainingMetrics the version's lineage metrics
   */
  public static Explanations of(List<String> features, long sampled, Map<String, Long> driverCounts,
      Map<String, Double> trainingMetrics) {
    List<FeatureDrivers> rows = new ArrayList<>();
    for (String f : features) {
      Double live = sampled == 0 ? null : (double) driverCounts.getOrDefault(f, 0L) / sampled;
      Double training = trainingMetrics == null ? null : trainingMetrics.get(TRAINING_METRIC_PREFIX + f);
      rows.add(new FeatureDrivers(f, live, training));
    }
    return new Explanations(sampled, rows);
  }
}
