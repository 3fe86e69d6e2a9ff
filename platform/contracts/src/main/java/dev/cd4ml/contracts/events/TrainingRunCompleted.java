package dev.cd4ml.contracts.events;

import java.util.Map;

/** A training run finished and produced a model (registered or not). */
public record TrainingRunCompleted(
    String runId,
    String dataset,
    String dataVersion,
    String algorithm,
    String codeRevision,
    Map<String, Double> metrics,
    String modelName,
    Integer modelVersion) {}
