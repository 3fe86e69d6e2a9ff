package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.model.ModelVersionInfo;

/** @param created false when the same artifact bytes were already registered for the model */
public record Registered(ModelVersionInfo version, boolean created) {}
