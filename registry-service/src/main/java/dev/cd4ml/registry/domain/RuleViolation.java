package dev.cd4ml.registry.domain;

/** One unmet promotion rule: {@code rule} is its stable name, {@code message} says why. */
public record RuleViolation(String rule, String message) {}
