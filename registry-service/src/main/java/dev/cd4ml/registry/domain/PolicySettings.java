package dev.cd4ml.registry.domain;

/**
 * The production gate of one model. A {@code null} threshold switches its rule off.
 *
 * @param primaryMetric  the metric the gate looks at (higher is better), e.g. {@code accuracy}
 * @param minValue       the primary metric must be at least this
 * @param maxRegression  the primary metric may be at most this much below the current production version's
 * @param maxFairnessGap every {@code fairness.*Gap} metric must be at most this (absolute value)
 * @param requiredCheck  the check that must have passed while the version was in staging
 */
public record PolicySettings(String primaryMetric, Double minValue, Double maxRegression, Double maxFairnessGap,
    String requiredCheck) {}
