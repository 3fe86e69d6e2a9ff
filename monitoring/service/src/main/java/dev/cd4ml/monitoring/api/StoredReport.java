package dev.cd4ml.monitoring.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stored evaluation as the history lists it. */
@Schema(description = "A stored evaluation: when, which version, its judgement per kind and the whole report")
public record StoredReport(
    String id,
    String model,
    String environment,
    int version,
    Instant windowFrom,
    Instant windowTo,
    Instant generatedAt,
    @Schema(description = "ok | warn | alert | insufficient-data") String status,
    @Schema(description = "status per kind: drift, fairness, quality", example = "{\"drift\":\"alert\",\"fairness\":\"ok\",\"quality\":\"insufficient-data\"}")
    Map<String, String> kinds,
    @Schema(description = "the report as GET .../report answered it then") JsonNode report) {}
