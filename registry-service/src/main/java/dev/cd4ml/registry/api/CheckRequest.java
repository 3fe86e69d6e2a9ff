package dev.cd4ml.registry.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A named check result the pipeline reports on a version")
public record CheckRequest(
    @Schema(required = true, example = "acceptance") String name,
    @Schema(required = true) Boolean passed,
    @Schema(description = "free text: what was checked, figures") String details,
    @Schema(example = "model-pipeline/42") String pipelineLabel) {}
