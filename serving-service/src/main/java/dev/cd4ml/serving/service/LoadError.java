package dev.cd4ml.serving.service;

import java.time.Instant;

/** The last failed load: which version, why, when. Shown by {@code GET /model}. */
public record LoadError(String role, Integer version, String message, Instant at) {}
