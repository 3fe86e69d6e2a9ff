package dev.cd4ml.monitoring.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What one evaluation of a served version stored and announced. */
@Schema(description = "An evaluation run now: the stored report and the kinds that turned to alert (one event each)")
public record EvaluationResult(String id, String model, String environment, int version, String status,
    @Schema(description = "drift, fairness or quality: each published one model-monitor.* event") List<String> alerted) {}
