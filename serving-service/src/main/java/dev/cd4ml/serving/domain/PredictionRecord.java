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

  // Keys of every record, encoded once.
  private static final byte[] K_REQUEST_ID = MsgPackWriter.encode("requestId");
  private static final byte[] K_TIMESTAMP = MsgPackWriter.encode("timestamp");
  private static final byte[] K_ENVIRONMENT = MsgPackWriter.encode("environment");
  private static final byte[] K_MODEL = MsgPackWriter.encode("model");
  private static final byte[] K_VERSION = MsgPackWriter.encode("version");
  private static final byte[] K_PREDICTION = MsgPackWriter.encode("prediction");
  private static final byte[] K_PROBABILITIES = MsgPackWriter.encode("probabilities");
  private static final byte[] K_LATENCY_MS = MsgPackWriter.encode("latencyMs");
  private static final byte[] K_UNKNOWN_CATEGORIES = MsgPackWriter.encode("unknownCategories");
  private static final byte[] K_SHADOW_VERSION = MsgPackWriter.encode("shadowVersion");
  private static final byte[] K_SHADOW_PREDICTION = MsgPackWriter.encode("shadowPrediction");
  private static final byte[] K_SHADOW_AGREEMENT = MsgPackWriter.encode("shadowAgreement");
  private static final byte[] K_BATCH_ID = MsgPackWriter.encode("batchId");
  private static final byte[] K_ROW = MsgPackWriter.encode("row");

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
    byte[][] names = model.logKeys();
    Object[] values = row.values();
    Map<String, Double> probabilities = outcome.probabilities();
    List<String> unknown = row.unknownCategories();
    int size = 7 + values.length + (probabilities != null ? 1 : 0) + (unknown.isEmpty() ? 0 : 1)
        + (shadowPrediction != null ? 3 : 0) + (batchId != null ? 2 : 0);
    w.mapHeader(size);
    w.raw(K_REQUEST_ID).str(requestId);
    w.raw(K_TIMESTAMP).isoMillis(epochMillis);
    w.raw(K_ENVIRONMENT).str(environment);
    w.raw(K_MODEL).str(model.name());
    w.raw(K_VERSION).integer(model.version());
    for (int i = 0; i < values.length; i++) {
      w.raw(names[i]).value(values[i]);
    }
    w.raw(K_PREDICTION).str(outcome.label());
    if (probabilities != null) {
      w.raw(K_PROBABILITIES).value(probabilities);
    }
    w.raw(K_LATENCY_MS).float64(latencyMs);
    if (!unknown.isEmpty()) {
      w.raw(K_UNKNOWN_CATEGORIES).value(unknown);
    }
    if (shadowPrediction != null) {
      w.raw(K_SHADOW_VERSION).integer(shadowVersion);
      w.raw(K_SHADOW_PREDICTION).str(shadowPrediction);
      w.raw(K_SHADOW_AGREEMENT).bool(shadowPrediction.equals(outcome.label()));
    }
    if (batchId != null) {
      w.raw(K_BATCH_ID).str(batchId);
      w.raw(K_ROW).integer(rowNumber);
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
