package dev.cd4ml.serving.domain;

import java.util.Map;

/** A model's answer for one row; {@code probabilities} is null when the model does not produce them. */
public record PredictionOutcome(String label, Map<String, Double> probabilities) {}
