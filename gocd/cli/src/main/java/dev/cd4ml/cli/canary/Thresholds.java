package dev.cd4ml.cli.canary;

/**
 * The analysis' rules, declared as options of {@code cd4ml canary-analysis} (defaults there and in
 * gocd/README.md).
 *
 * @param maxErrorRateIncrease the canary's error rate may exceed the primary's by at most this much
 * @param maxLatencyRatio      the canary's p99 may be this many times the primary's …
 * @param latencySlackMs       … or this many milliseconds above it (sub-millisecond p99s vary by more than any ratio)
 * @param maxPredictionDrift   PSI between the two predicted-label distributions
 * @param minAccuracyRatio     the canary's online accuracy at least this share of the primary's
 * @param minLabelled          labelled predictions each side needs before accuracy is judged
 */
public record Thresholds(double maxErrorRateIncrease, double maxLatencyRatio, double latencySlackMs,
    double maxPredictionDrift, double minAccuracyRatio, long minLabelled) {}
