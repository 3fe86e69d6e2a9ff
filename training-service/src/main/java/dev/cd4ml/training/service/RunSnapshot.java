package dev.cd4ml.training.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A training run as the service knows it at one moment: inputs, live progress, results and
 * registration state. The api package maps it to what clients see.
 *
 * @param evaluation the {@code Evaluation} as stored (JSON); null in listings or before evaluation
 * @param champion   the {@code Champion} as stored (JSON); null before evaluation
 * @param signature  the {@code ModelSignature} as stored (JSON); null in listings or before training
 * @param provenance Tribuo's provenance of the model (JSON); null in listings or before training
 */
public record RunSnapshot(
    UUID id,
    String dataset,
    String dataVersionRef,
    String dataVersion,
    Integer dataVersionNumber,
    String algorithm,
    Map<String, Object> params,
    long seed,
    Map<String, Object> split,
    String positiveLabel,
    String codeRevision,
    String status,
    Progress progress,
    Map<String, Long> timings,
    Map<String, Double> metrics,
    JsonNode evaluation,
    JsonNode champion,
    JsonNode signature,
    JsonNode provenance,
    Failure failure,
    RegistrationState registration,
    JsonNode tags,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt) {

  /** rowsExpected is null while the size of the version is not known. */
  public record Progress(String phase, int percent, long rowsLoaded, Long rowsExpected) {}

  public record Failure(String phase, String reason) {}

  public record RegistrationState(String state, boolean requested, String modelName, Integer modelVersion,
      int attempts, String lastError) {}
}
