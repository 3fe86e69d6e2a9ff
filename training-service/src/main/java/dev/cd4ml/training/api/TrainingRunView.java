package dev.cd4ml.training.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A training run as the API shows it. */
@Schema(name = "TrainingRun")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRunView(
    UUID id,
    String dataset,
    @Schema(description = "The version as requested") String dataVersionRef,
    @Schema(description = "The resolved version id (SHA-256 of the content)") String dataVersion,
    Integer dataVersionNumber,
    String algorithm,
    Map<String, Object> params,
    long seed,
    Map<String, Object> split,
    String positiveLabel,
    String codeRevision,
    @Schema(enumeration = {"queued", "loading", "training", "evaluating", "registering", "succeeded", "failed", "cancelled"})
    String status,
    Progress progress,
    @Schema(description = "Milliseconds per phase (queued, loading, training, evaluating, registering) and total")
    Map<String, Long> timings,
    @Schema(description = "Flat metrics: accuracy, macroF1, rocAuc, precision.<label>, recall.<label>, "
        + "fairness.<column>.positiveRateGap|truePositiveRateGap|accuracyGap")
    Map<String, Double> metrics,
    @Schema(description = "Per-class metrics, confusion matrix, fairness per group (omitted in listings)") JsonNode evaluation,
    @Schema(description = "The model signature (omitted in listings)") JsonNode signature,
    @Schema(description = "Tribuo provenance of the model (omitted in listings)") JsonNode provenance,
    Failure failure,
    RegistrationView registration,
    JsonNode tags,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt) {

  @Schema(name = "TrainingRunProgress")
  public record Progress(String phase, int percent, long rowsLoaded, Long rowsExpected) {}

  @Schema(name = "TrainingRunFailure")
  public record Failure(String phase, String reason) {}

  @Schema(name = "TrainingRunRegistration")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RegistrationView(
      @Schema(enumeration = {"none", "pending", "registered", "rejected"}) String state,
      Boolean requested,
      String modelName,
      Integer modelVersion,
      int attempts,
      String lastError) {}
}
