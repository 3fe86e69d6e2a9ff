package dev.cd4ml.serving.domain;

/** How a model is explained: a single tree by its decision path, an ensemble by LIME. */
public enum ModelKind { tree, ensemble, other }
