package dev.cd4ml.registry.domain;

import java.util.Map;

/** A registered model: its latest version and which versions hold the exclusive stages. */
public record ModelOverview(String name, int latestVersion, Map<String, Integer> stageHolders) {}
