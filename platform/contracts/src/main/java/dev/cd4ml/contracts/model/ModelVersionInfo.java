package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A model version as registry-service serves it; serving-service and the pipeline read it.
 *
 * @param artifactUri    s3://bucket/key of the serialized Tribuo model
 * @param artifactSha256 hex SHA-256 of the artifact bytes, checked on every download
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
    Instant registeredAt) {}
