package dev.cd4ml.contracts.events;

/** A model version was registered with its lineage. */
public record ModelVersionRegistered(
    String model,
    int version,
    String trainingRunId,
    String dataset,
    String dataVersion,
    String codeRevision,
    String artifactUri,
    String artifactSha256) {}
