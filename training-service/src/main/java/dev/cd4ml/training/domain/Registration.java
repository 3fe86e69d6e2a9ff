package dev.cd4ml.training.domain;

/**
 * Where a run's model is on its way to the registry: none (not asked), pending (stored locally,
 * retried), registered, rejected (the registry refused it; retrying would not help).
 */
public enum Registration {
  none, pending, registered, rejected
}
