package dev.cd4ml.contracts.events;

/** Every event of the platform: its wire name ({@code entity.action}), topic, payload and schema version. */
public enum EventType {
  DATASET_VERSION_CREATED("dataset-version.created", Topics.DATASETS, DatasetVersionCreated.class, 1),
  TRAINING_RUN_COMPLETED("training-run.completed", Topics.TRAINING_RUNS, TrainingRunCompleted.class, 1),
  TRAINING_RUN_FAILED("training-run.failed", Topics.TRAINING_RUNS, TrainingRunFailed.class, 1),
  MODEL_VERSION_REGISTERED("model-version.registered", Topics.MODELS, ModelVersionRegistered.class, 1),
  MODEL_VERSION_STAGE_CHANGED("model-version.stage-changed", Topics.MODELS, ModelVersionStageChanged.class, 1),
  MODEL_MONITOR_DRIFT_DETECTED("model-monitor.drift-detected", Topics.MONITORING, ModelMonitorAlert.class, 1),
  MODEL_MONITOR_FAIRNESS_BREACHED("model-monitor.fairness-breached", Topics.MONITORING, ModelMonitorAlert.class, 1),
  MODEL_MONITOR_QUALITY_DEGRADED("model-monitor.quality-degraded", Topics.MONITORING, ModelMonitorAlert.class, 1);

  private final String wireName;
  private final String topic;
  private final Class<?> payloadType;
  private final int schemaVersion;

  EventType(String wireName, String topic, Class<?> payloadType, int schemaVersion) {
    this.wireName = wireName;
    this.topic = topic;
    this.payloadType = payloadType;
    this.schemaVersion = schemaVersion;
  }

  public String wireName() { return wireName; }
  public String topic() { return topic; }
  public Class<?> payloadType() { return payloadType; }
  public int schemaVersion() { return schemaVersion; }

  public static EventType fromWireName(String name) {
    for (EventType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + name);
  }
}
