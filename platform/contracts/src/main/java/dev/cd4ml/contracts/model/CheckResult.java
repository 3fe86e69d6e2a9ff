package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A named check the pipeline recorded on a model version ({@code POST /models/{m}/versions/{v}/checks}).
 *
 * @param stage the stage the version was in when the check was recorded (set by the registry)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String name, boolean passed, String details, String pipelineLabel, Stage stage, Instant recordedAt) {}
