package dev.cd4ml.contracts.events;

/** Kafka topics, one per owning service; the event type inside the envelope says what happened. */
public final class Topics {
  public static final String DATASETS = "cd4ml.datasets";
  public static final String TRAINING_RUNS = "cd4ml.training-runs";
  public static final String MODELS = "cd4ml.models";
  public static final String MONITORING = "cd4ml.monitoring";

  private Topics() {}
}
