package dev.cd4ml.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A monitored served version turned to {@code alert} (payload of {@code model-monitor.drift-detected},
 * {@code model-monitor.fairness-breached} and {@code model-monitor.quality-degraded}). Published
 * once when the judgement changes to alert, not on every evaluation that still alerts.
 *
 * @param reportId the stored report ({@code GET /monitoring/models/{model}/reports} lists it)
 * @param findings every metric of this kind that alerts, with the rule that fired
 */
public record ModelMonitorAlert(
    String model,
    String environment,
    int version,
    String reportId,
    Instant windowFrom,
    Instant windowTo,
    List<Finding> findings) {

  /**
   * @param metric  e.g. psi, ks, missing-rate, prediction-psi, positiveRate-gap, accuracy
   * @param subject the feature or protected column it is about (null for the whole model)
   */
  public record Finding(String metric, String subject, Double value, String rule) {}
}
