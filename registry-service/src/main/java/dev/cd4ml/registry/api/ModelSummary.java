package dev.cd4ml.registry.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A registered model: its latest version and which versions hold the environment stages")
public record ModelSummary(
    String name,
    int latestVersion,
    @Schema(description = "stage name (staging, production) → version number; absent when empty", example = "{\"staging\": 4, \"production\": 3}")
    Map<String, Integer> stages) {}
