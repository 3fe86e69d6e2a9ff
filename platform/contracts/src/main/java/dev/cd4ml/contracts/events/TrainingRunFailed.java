package dev.cd4ml.contracts.events;

/** A training run failed; {@code reason} is the one-line cause. */
public record TrainingRunFailed(String runId, String dataset, String dataVersion, String phase, String reason) {}
