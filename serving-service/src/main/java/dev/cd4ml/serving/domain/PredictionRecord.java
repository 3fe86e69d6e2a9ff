package dev.cd4ml.serving.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prediction log record (Fluentd tag {@code cd4ml.prediction}): flat, so Kibana can filter and
 * aggregate on every input feature directly. A feature whose name collides with a record field is
 * written as {@code feature_<name>}. The request thread only captures what was predicted; the log
 * shipper writes it as MessagePack ({@link #writeTo}) without building a map. The shadow's answer
 * and a batch position are added before the record is handed to the logger, never after.
 */
public final class PredictionRecord {
  public static final String TAG = "cd4ml.prediction";
  public static final String FEEDBACK_TAG = "cd4ml.feedback";

  static final Set<String> RESERVED = Set.of("requestId", "timestamp", "environment", "model", "version",
      "prediction", "probabilities", "latencyMs", "shadowVersion", "shadowPrediction", "shadowAgreement",
      "unknownCategories", "batchId", "row");

  private final String requestId;
  private final long epochMillis;
  private final String environment;
  private final LoadedModel model;
  private final InputSchema.Row row;
  private final PredictionOutcome outcome;
  private final double latencyMs;
  private String batchId;
  private long rowNumber;
  private int shadowVersion;
  private String shadowPrediction; // null: no shadow answer

  private PredictionRecord(String requestId, long epochMillis, String environment, LoadedModel model,
      InputSchema.Row row, PredictionOutcome outcome, double latencyMs) {
    this.requestId = requestId;
    this.epochMillis = epochMillis;
    this.environment = environment;
    this.model = model;
    this.row = row;
    this.outcome = outcome;
    this.latencyMs = latencyMs;
  }

  public static PredictionRecord of(String requestId, long epochMillis, String environment, LoadedModel model,
      InputSchema.Row row, PredictionOutcome outcome, double latencyMs) {
    return new PredictionRecord(requestId, epochMillis, environment, model, row, outcome, latencyMs);
  }

  /** The names the features are logged under, in schema order. */
  static List<String> logNames(InputSchema schema) {
    List<String> names = new ArrayList<>(schema.size());
    for (var f : schema.features()) {
      names.add(RESERVED.contains(f.name()) ? "feature_" + f.name() : f.name());
    }
    return List.copyOf(names);
  }

  /** Marks the record as row {@code rowNumber} of batch {@code batchId}. */
  public PredictionRecord inBatch(String batchId, long rowNumber) {
    this.batchId = batchId;
    this.rowNumber = rowNumber;
    return this;
  }

  /** Adds the shadow model's answer; agreement compares predicted labels. */
  public void addShadow(int version, String prediction) {
    this.shadowVersion = version;
    this.shadowPrediction = prediction;
  }

  public long epochMillis() { return epochMillis; }

  /** The record as Fluentd receives it, field by field. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", requestId);
    m.put("timestamp", IsoMillis.format(epochMillis));
    m.put("environment", environment);
    m.put("model", model.name());
    m.put("version", model.version());
    List<String> names = model.logNames();
    Object[] values = row.values();
    for (int i = 0; i < values.length; i++) {
      m.put(names.get(i), values[i]);
    }
    m.put("prediction", outcome.label());
    if (outcome.probabilities() != null) {
      m.put("probabilities", outcome.probabilities());
    }
    m.put("latencyMs", latencyMs);
    if (!row.unknownCategories().isEmpty()) {
      m.put("unknownCategories", row.unknownCategories());
    }
    if (shadowPrediction != null) {
      m.put("shadowVersion", shadowVersion);
      m.put("shadowPrediction", shadowPrediction);
      m.put("shadowAgreement", shadowPrediction.equals(outcome.label()));
    }
    if (batchId != null) {
      m.put("batchId", batchId);
      m.put("row", rowNumber);
    }
    return m;
  }

  /** Writes {@link #fields()} as one MessagePack map, without building it. */
  public void writeTo(MsgPackWriter w) {
    List<String> names = model.logNames();
    Object[] values = row.values();
    Map<String, Double> probabilities = outcome.probabilities();
    List<String> unknown = row.unknownCategories();
    int size = 7 + values.length + (probabilities != null ? 1 : 0) + (unknown.isEmpty() ? 0 : 1)
        + (shadowPrediction != null ? 3 : 0) + (batchId != null ? 2 : 0);
    w.mapHeader(size);
    w.str("requestId").str(requestId);
    w.str("timestamp").str(IsoMillis.format(epochMillis));
    w.str("environment").str(environment);
    w.str("model").str(model.name());
    w.str("version").integer(model.version());
    for (int i = 0; i < values.length; i++) {
      w.str(names.get(i)).value(values[i]);
    }
    w.str("prediction").str(outcome.label());
    if (probabilities != null) {
      w.str("probabilities").value(probabilities);
    }
    w.str("latencyMs").float64(latencyMs);
    if (!unknown.isEmpty()) {
      w.str("unknownCategories").value(unknown);
    }
    if (shadowPrediction != null) {
      w.str("shadowVersion").integer(shadowVersion);
      w.str("shadowPrediction").str(shadowPrediction);
      w.str("shadowAgreement").bool(shadowPrediction.equals(outcome.label()));
    }
    if (batchId != null) {
      w.str("batchId").str(batchId);
      w.str("row").integer(rowNumber);
    }
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
