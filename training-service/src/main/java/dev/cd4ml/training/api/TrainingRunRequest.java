package dev.cd4ml.training.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.training.service.RunRequest;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /training-runs}. */
@Schema(name = "TrainingRunRequest", description = "What to train on, how, and whether to register the result")
public record TrainingRunRequest(
    @Schema(required = true, description = "Dataset name in data-service", example = "credit") String dataset,
    @Schema(description = "Version: sha256 id, number (3 or v3) or latest", defaultValue = "latest") String dataVersion,
    @Schema(description = "cart | random-forest", defaultValue = "cart", enumeration = {"cart", "random-forest"}) String algorithm,
    @Schema(description = "maxDepth (1..64, default 10), minChildWeight (>0, default 5), fractionFeaturesPerSplit "
        + "((0,1], default 1 for cart, 0.5 for random-forest), trees (1..500, default 15, random-forest only)")
    Map<String, Object> params,
    @Schema(description = "Seed of the split and the trainer; a random one is drawn and recorded when absent") Long seed,
    @Schema(description = "Held-out split") SplitRequest split,
    @Schema(description = "Code revision to record; default: the build's git revision, else GO_REVISION, else unknown")
    String codeRevision,
    @Schema(description = "Register the model in registry-service when the run succeeds", defaultValue = "false") Boolean register,
    @Schema(description = "Model name in the registry (default: the dataset name)") String modelName,
    @Schema(description = "Label counted as positive for fairness rates and ROC AUC; default yes/true/1/positive, "
        + "else the rarer label of a binary problem") String positiveLabel,
    @Schema(description = "Free-form tags: an object of strings (or a list of strings)") JsonNode tags) {

  public RunRequest toRunRequest() {
    return new RunRequest(dataset, dataVersion, algorithm, params, seed, split == null ? null : split.testFraction(),
        split == null ? null : split.stratified(), codeRevision, register, modelName, positiveLabel, tags);
  }

  @Schema(name = "SplitRequest")
  public record SplitRequest(
      @Schema(description = "Share of rows held out for evaluation, (0, 0.9]", defaultValue = "0.2") Double testFraction,
      @Schema(description = "Keep each label's share in both parts", defaultValue = "true") Boolean stratified) {}
}
