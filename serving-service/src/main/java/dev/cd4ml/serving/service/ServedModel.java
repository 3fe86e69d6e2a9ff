package dev.cd4ml.serving.service;

import dev.cd4ml.serving.domain.LoadedModel;

/** A loaded model with its cached meters: the unit swapped atomically. */
public record ServedModel(LoadedModel model, VersionMeters meters) {}
