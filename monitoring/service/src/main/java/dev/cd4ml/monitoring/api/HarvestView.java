package dev.cd4ml.monitoring.api;

import dev.cd4ml.monitoring.repository.HarvestEntity;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One harvest decision as the API shows it. */
@Schema(description = "One harvest decision: what was asked, what the window held, what came of it")
public record HarvestView(
    String id,
    String model,
    String environment,
    Instant from,
    Instant to,
    @Schema(enumeration = {"append", "window"}) String policy,
    @Schema(enumeration = {"manual", "alert", "accumulated", "schedule"}) String trigger,
    @Schema(description = "Who asked for a manual harvest (the caller's verified token: a user, or a service's client "
        + "id); null for the retraining policy's own", nullable = true) String requestedBy,
    long minLabelled,
    @Schema(description = "The version the environment served (whose training data is the parent)", nullable = true) Integer modelVersion,
    @Schema(description = "The training dataset", nullable = true) String dataset,
    @Schema(description = "The training data version: the new version's parent", nullable = true) String parentVersion,
    @Schema(description = "Predictions in the window", nullable = true) Long predictions,
    @Schema(description = "Labelled predictions in the window (the rows harvested once it ran)", nullable = true) Long labelled,
    @Schema(description = "Rows of the posted CSV (append: the parent's plus the harvested)", nullable = true) Long rows,
    @Schema(enumeration = {"running", "created", "unchanged", "skipped", "failed"}) String outcome,
    @Schema(description = "Why it was skipped or failed, or what it matched when unchanged", nullable = true) String reason,
    @Schema(description = "The dataset version posted (created or the existing identical one)", nullable = true) String datasetVersion,
    @Schema(nullable = true) Integer datasetVersionNumber,
    Instant startedAt,
    @Schema(nullable = true) Instant finishedAt) {

  static HarvestView of(HarvestEntity e) {
    return new HarvestView(e.id.toString(), e.model, e.environment, e.windowFrom, e.windowTo, e.policy, e.trigger,
        e.requestedBy, e.minLabelled, e.modelVersion, e.dataset, e.parentVersion, e.predictions, e.labelled, e.csvRows, e.outcome,
        e.reason, e.datasetVersion, e.datasetVersionNumber, e.startedAt, e.finishedAt);
  }
}
