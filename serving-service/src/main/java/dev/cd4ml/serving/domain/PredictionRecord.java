package dev.cd4ml.serving.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prediction log record (Fluentd tag {@code cd4ml.prediction}): flat, so Kibana can filter and
 * aggregate on every input feature directly. A feature whose name collides with a record field is
 * written as {@code feature_<name>}.
 */
public final class PredictionRecord {
  public static final String TAG = "cd4ml.prediction";
  public static final String FEEDBACK_TAG = "cd4ml.feedback";

  static final Set<String> RESERVED = Set.of("requestId", "timestamp", "environment", "model", "version",
      "prediction", "probabilities", "latencyMs", "shadowVersion", "shadowPrediction", "shadowAgreement",
      "unknownCategories", "batchId", "row");

  private PredictionRecord() {}

  public static Map<String, Object> build(String requestId, Instant timestamp, String environment, LoadedModel model,
      InputSchema.Row row, PredictionOutcome outcome, double latencyMs) {
    InputSchema schema = model.schema();
    Map<String, Object> m = new HashMap<>(64);
    m.put("requestId", requestId);
    m.put("timestamp", IsoMillis.format(timestamp));
    m.put("environment", environment);
    m.put("model", model.name());
    m.put("version", model.version());
    Object[] values = row.values();
    for (int i = 0; i < values.length; i++) {
      String name = schema.features().get(i).name();
      m.put(RESERVED.contains(name) ? "feature_" + name : name, values[i]);
    }
    m.put("prediction", outcome.label());
    if (outcome.probabilities() != null) {
      m.put("probabilities", outcome.probabilities());
    }
    m.put("latencyMs", latencyMs);
    List<String> unknown = row.unknownCategories();
    if (!unknown.isEmpty()) {
      m.put("unknownCategories", unknown);
    }
    return m;
  }

  /** Adds the shadow model's answer; agreement compares predicted labels. */
  public static void addShadow(Map<String, Object> record, int shadowVersion, String shadowPrediction) {
    record.put("shadowVersion", shadowVersion);
    record.put("shadowPrediction", shadowPrediction);
    record.put("shadowAgreement", shadowPrediction.equals(record.get("prediction")));
  }

  public static Map<String, Object> feedback(String requestId, String actual, Instant timestamp, String environment,
      String model, Integer version) {
    Map<String, Object> m = new HashMap<>(8);
    m.put("requestId", requestId);
    m.put("actual", actual);
    m.put("timestamp", IsoMillis.format(timestamp));
    m.put("environment", environment);
    m.put("model", model);
    if (version != null) {
      m.put("version", version);
    }
    return m;
  }
}
