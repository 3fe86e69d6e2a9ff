package dev.cd4ml.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.serving.service.LoadError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ServedModel", description = "What this instance serves")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
    String model,
    @Schema(description = "Served version; null before the first load") Integer version,
    @Schema(description = "The registry stage this instance follows") String stage,
    @Schema(description = "test or production") String environment,
    @Schema(description = "tree, ensemble or other (decides the explanation method)") String kind,
    String artifactSha256,
    Instant registeredAt,
    Instant loadedAt,
    LineageSummary lineage,
    ModelSignature signature,
    List<String> labels,
    Boolean probabilities,
    ShadowView shadow,
    @Schema(description = "Production only: the registry's canary version served beside production, and its share")
    CanaryView canary,
    @Schema(description = "The last failed load (the served model stayed), if any") LoadError lastLoadError,
    @Schema(description = "Outcome of the last comparison with the registry") String registryStatus) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LineageSummary(String trainingRunId, String dataset, String dataVersion, String codeRevision,
      String algorithm, Map<String, Object> params, Long seed, Map<String, Double> metrics) {}

  public record ShadowView(int version, String kind, Instant loadedAt) {}

  public record CanaryView(int version, @Schema(description = "share of requests it answers, percent") int trafficWeight,
      String kind, Instant loadedAt) {}
}
