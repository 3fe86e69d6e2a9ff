package dev.cd4ml.cli.canary;

/**
 * What the analysis saw: both versions over the same window, the prediction drift between them, where
 * it came from, and whether the wait for canary traffic ran out before it reached its target.
 */
public record Observation(String source, Figures primary, Figures canary, Double predictionDriftPsi,
    long targetPredictions, boolean timedOut) {}
