package dev.cd4ml.registry.domain;

/** Where a version's artifact is and what it must hash to. */
public record StoredArtifact(String model, int version, String key, long size, String sha256) {}
