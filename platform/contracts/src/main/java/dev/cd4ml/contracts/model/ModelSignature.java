package dev.cd4ml.contracts.model;

import java.util.List;

/**
 * What a model takes and gives: serving validates every request against it.
 *
 * @param features       the input features in column order
 * @param labelColumn    the name of the target column in the training data
 * @param labels         the output labels the model can predict
 * @param positiveLabel  the label counted as "positive" for fairness rates, if the problem is binary
 */
public record ModelSignature(List<FeatureSpec> features, String labelColumn, List<String> labels, String positiveLabel) {}
