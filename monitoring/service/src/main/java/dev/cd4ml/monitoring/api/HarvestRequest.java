package dev.cd4ml.monitoring.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /monitoring/models/{name}/harvests}; every field is optional. */
@Schema(description = "What to harvest; every field is optional")
public record HarvestRequest(
    @Schema(description = "The environment whose predictions are harvested (default production)", example = "production") String environment,
    @Schema(description = "Window start, ISO-8601 instant, inclusive (default: to minus cd4ml.monitoring.evaluation.window)",
        example = "2026-12-01T10:00:00Z") String from,
    @Schema(description = "Window end, ISO-8601 instant, exclusive (default: now)", example = "2026-12-01T11:00:00Z") String to,
    @Schema(description = "append: the training data's rows then the new ones; window: the new rows only (default append)",
        enumeration = {"append", "window"}) String policy,
    @Schema(description = "Fewest labelled predictions to harvest, at least 1 (default: the model's retraining policy's, 100)")
    Long minLabelled) {}
