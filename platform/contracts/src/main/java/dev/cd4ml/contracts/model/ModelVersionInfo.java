package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A model version as registry-service serves it; serving-service and the pipeline read it.
 *
 * @param artifactUri    s3://bucket/key of the serialized Tribuo model
 * @param artifactSha256 hex SHA-256 of the artifact bytes, checked on every download
 * @param trafficWeight  for the {@code canary} holder: its share of the production instance's requests in
 *                       percent; null for every other stage
 * @param registeredBy   who registered it, from the registration's bearer token (a client id such as
 *                       training-service, or a user name); null for versions registered before tokens
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersionInfo(
    String model,
    int version,
    Stage stage,
    String artifactUri,
    String artifactSha256,
    long artifactSize,
    ModelLineage lineage,
    List<CheckResult> checks,
    Instant registeredAt,
    Integer trafficWeight,
    String registeredBy) {

  public ModelVersionInfo(String model, int version, Stage stage, String artifactUri, String artifactSha256,
      long artifactSize, ModelLineage lineage, List<CheckResult> checks, Instant registeredAt, Integer trafficWeight) {
    this(model, version, stage, artifactUri, artifactSha256, artifactSize, lineage, checks, registeredAt, trafficWeight, null);
  }

  public ModelVersionInfo(String model, int version, Stage stage, String artifactUri, String artifactSha256,
      long artifactSize, ModelLineage lineage, List<CheckResult> checks, Instant registeredAt) {
    this(model, version, stage, artifactUri, artifactSha256, artifactSize, lineage, checks, registeredAt, null, null);
  }
}
