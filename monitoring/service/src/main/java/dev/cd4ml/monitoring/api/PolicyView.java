package dev.cd4ml.monitoring.api;

import dev.cd4ml.monitoring.domain.HarvestPolicy;
import dev.cd4ml.monitoring.domain.RetrainingPolicy;
import dev.cd4ml.monitoring.service.RetrainingService;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A model's retraining policy as the API shows and takes it (PUT ignores model and source). */
@Schema(description = "When a model's labelled production data is harvested into a new dataset version")
public record PolicyView(
    @Schema(readOnly = true) String model,
    @Schema(readOnly = true, description = "stored (set by PUT), configuration or default", enumeration = {"stored", "configuration", "default"}) String source,
    @Schema(description = "Policy-driven harvests happen only when true (default false)") Boolean enabled,
    @Schema(description = "Environment harvested; its alerts trigger (default production)") String environment,
    @Schema(enumeration = {"append", "window"}, description = "default append") String policy,
    @Schema(description = "Fewest labelled rows for any trigger to harvest (default 100)") Long minLabelled,
    @Schema(description = "A drift-detected or quality-degraded alert triggers a harvest of its window (default true)") Boolean onAlert,
    @Schema(description = "Harvest once this many new labelled rows exist since the last harvest; 0 is off (default 0)") Long accumulatedRows,
    @Schema(description = "Harvest every this long, ISO-8601 duration; absent is off", nullable = true, example = "P1D") String schedule,
    @Schema(description = "Where the first accumulated or scheduled window starts: now minus this (default PT24H)") String lookback,
    @Schema(description = "How long an alert waits for enough labels (default PT1H)") String alertPatience) {

  static PolicyView of(String model, RetrainingService.Effective e) {
    RetrainingPolicy p = e.policy();
    return new PolicyView(model, e.source(), p.enabled(), p.environment(), p.harvest().json(), p.minLabelled(),
        p.onAlert(), p.accumulatedRows(), p.schedule() == null ? null : p.schedule().toString(), p.lookback().toString(),
        p.alertPatience().toString());
  }

  /** The policy this body asks for, absent fields taken from {@code base}. */
  RetrainingPolicy policy(RetrainingPolicy base) {
    return new RetrainingPolicy(enabled == null ? base.enabled() : enabled,
        environment == null ? base.environment() : environment,
        policy == null ? base.harvest() : HarvestPolicy.parse(policy),
        minLabelled == null ? base.minLabelled() : minLabelled,
        onAlert == null ? base.onAlert() : onAlert,
        accumulatedRows == null ? base.accumulatedRows() : accumulatedRows,
        schedule == null || schedule.isBlank() ? null : duration("schedule", schedule),
        lookback == null ? base.lookback() : duration("lookback", lookback),
        alertPatience == null ? base.alertPatience() : duration("alertPatience", alertPatience));
  }

  private static Duration duration(String field, String value) {
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not an ISO-8601 duration such as PT1H or P1D");
    }
  }
}
