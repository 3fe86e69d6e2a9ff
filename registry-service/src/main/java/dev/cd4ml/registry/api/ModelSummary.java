package dev.cd4ml.registry.api;

import dev.cd4ml.registry.domain.ModelOverview;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A registered model: its latest version and which versions hold the environment stages")
public record ModelSummary(
    String name,
    int latestVersion,
    @Schema(description = "stage name (staging, production) → version number; absent when empty", example = "{\"staging\": 4, \"production\": 3}")
    Map<String, Integer> stages) {

  public static ModelSummary of(ModelOverview m) {
    return new ModelSummary(m.name(), m.latestVersion(), m.stageHolders());
  }
}
