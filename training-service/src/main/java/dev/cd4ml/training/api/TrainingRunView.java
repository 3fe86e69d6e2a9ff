package dev.cd4ml.training.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.training.domain.Champion;
import dev.cd4ml.training.domain.Evaluation;
import dev.cd4ml.training.service.RunSnapshot;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
        + "fairness.<column>.positiveRateGap|truePositiveRateGap|accuracyGap, drivers.<feature>; and champion.version "
        + "plus champion.<metric> for the production version measured on the same held-out rows")
    Map<String, Double> metrics,
    @Schema(implementation = Evaluation.class,
        description = "Per-class metrics, confusion matrix, fairness per group (omitted in listings)") JsonNode evaluation,
    @Schema(implementation = Champion.class, nullable = true,
        description = "The version that was in production when the run evaluated, measured on the same held-out rows "
            + "(its figures are the champion.* metrics), or the reason there are no champion figures; null before evaluation")
    JsonNode champion,
    @Schema(implementation = ModelSignature.class, description = "The model signature (omitted in listings)")
    JsonNode signature,
    @Schema(description = "Tribuo provenance of the model, a JSON object (omitted in listings)")
    JsonNode provenance,
    Failure failure,
    RegistrationView registration,
    @Schema(description = "The tags of the request, as given: an object of strings or a list of strings") JsonNode tags,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt) {

  public static TrainingRunView of(RunSnapshot r) {
    RunSnapshot.Progress p = r.progress();
    RunSnapshot.RegistrationState g = r.registration();
    return new TrainingRunView(r.id(), r.dataset(), r.dataVersionRef(), r.dataVersion(), r.dataVersionNumber(),
        r.algorithm(), r.params(), r.seed(), r.split(), r.positiveLabel(), r.codeRevision(), r.status(),
        new Progress(p.phase(), p.percent(), p.rowsLoaded(), p.rowsExpected()), r.timings(), r.metrics(),
        r.evaluation(), r.champion(), r.signature(), r.provenance(),
        r.failure() == null ? null : new Failure(r.failure().phase(), r.failure().reason()),
        new RegistrationView(g.state(), g.requested(), g.modelName(), g.modelVersion(), g.attempts(), g.lastError()),
        r.tags(), r.createdAt(), r.startedAt(), r.finishedAt());
  }

  @Schema(name = "TrainingRunProgress")
  public record Progress(String phase, int percent, long rowsLoaded,
      @Schema(description = "Rows the version holds; null while not known", type = SchemaType.INTEGER, nullable = true)
      Long rowsExpected) {}

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
