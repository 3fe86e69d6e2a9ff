package dev.cd4ml.serving.domain;

import static dev.cd4ml.contracts.logging.PredictionLogFields.*;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.explanations.Drivers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prediction log record (Fluentd tag {@link PredictionLogFields#PREDICTION_TAG}, field names from
 * {@link PredictionLogFields}): flat, so Kibana can filter and aggregate on every input feature directly. A feature whose name collides with a record field is
 * written as {@code feature_<name>}. The request thread only captures what was predicted; the log
 * shipper writes it as MessagePack ({@link #writeTo}) without building a map. The shadow's answer
 * and a batch position are added before the record is handed to the logger, never after.
 */
public final class PredictionRecord {
  // Keys of every record, encoded once.
  private static final byte[] K_REQUEST_ID = MsgPackWriter.encode(REQUEST_ID);
  private static final byte[] K_TIMESTAMP = MsgPackWriter.encode(TIMESTAMP);
  private static final byte[] K_ENVIRONMENT = MsgPackWriter.encode(ENVIRONMENT);
  private static final byte[] K_MODEL = MsgPackWriter.encode(MODEL);
  private static final byte[] K_VERSION = MsgPackWriter.encode(VERSION);
  private static final byte[] K_PREDICTION = MsgPackWriter.encode(PREDICTION);
  private static final byte[] K_PROBABILITIES = MsgPackWriter.encode(PROBABILITIES);
  private static final byte[] K_LATENCY_MS = MsgPackWriter.encode(LATENCY_MS);
  private static final byte[] K_UNKNOWN_CATEGORIES = MsgPackWriter.encode(UNKNOWN_CATEGORIES);
  private static final byte[] K_SHADOW_VERSION = MsgPackWriter.encode(SHADOW_VERSION);
  private static final byte[] K_SHADOW_PREDICTION = MsgPackWriter.encode(SHADOW_PREDICTION);
  private static final byte[] K_SHADOW_AGREEMENT = MsgPackWriter.encode(SHADOW_AGREEMENT);
  private static final byte[] K_BATCH_ID = MsgPackWriter.encode(BATCH_ID);
  private static final byte[] K_ROW = MsgPackWriter.encode(ROW);
  private static final byte[] K_ROLE = MsgPackWriter.encode(ROLE);
  public static final String PRIMARY = "primary";
  public static final String CANARY = "canary";

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
  private String role = PRIMARY;

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
      names.add(PredictionLogFields.featureField(f.name()));
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

  /** Marks the record as answered by the canary model. */
  public PredictionRecord asCanary() {
    this.role = CANARY;
    return this;
  }

  public String role() { return role; }

  public long epochMillis() { return epochMillis; }

  /** The record as Fluentd receives it, field by field. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(REQUEST_ID, requestId);
    m.put(TIMESTAMP, IsoMillis.format(epochMillis));
    m.put(ENVIRONMENT, environment);
    m.put(MODEL, model.name());
    m.put(VERSION, model.version());
    m.put(ROLE, role);
    List<String> names = model.logNames();
    Object[] values = row.values();
    for (int i = 0; i < values.length; i++) {
      m.put(names.get(i), values[i]);
    }
    m.put(PREDICTION, outcome.label());
    if (outcome.probabilities() != null) {
      m.put(PROBABILITIES, outcome.probabilities());
    }
    m.put(LATENCY_MS, latencyMs);
    if (!row.unknownCategories().isEmpty()) {
      m.put(UNKNOWN_CATEGORIES, row.unknownCategories());
    }
    if (shadowPrediction != null) {
      m.put(SHADOW_VERSION, shadowVersion);
      m.put(SHADOW_PREDICTION, shadowPrediction);
      m.put(SHADOW_AGREEMENT, shadowPrediction.equals(outcome.label()));
    }
    if (batchId != null) {
      m.put(BATCH_ID, batchId);
      m.put(ROW, rowNumber);
    }
    return m;
  }

  /** Writes {@link #fields()} as one MessagePack map, without building it. */
  public void writeTo(MsgPackWriter w) {
    byte[][] names = model.logKeys();
    Object[] values = row.values();
    Map<String, Double> probabilities = outcome.probabilities();
    List<String> unknown = row.unknownCategories();
    int size = 8 + values.length + (probabilities != null ? 1 : 0) + (unknown.isEmpty() ? 0 : 1)
        + (shadowPrediction != null ? 3 : 0) + (batchId != null ? 2 : 0);
    w.mapHeader(size);
    w.raw(K_REQUEST_ID).str(requestId);
    w.raw(K_TIMESTAMP).isoMillis(epochMillis);
    w.raw(K_ENVIRONMENT).str(environment);
    w.raw(K_MODEL).str(model.name());
    w.raw(K_VERSION).integer(model.version());
    w.raw(K_ROLE).str(role);
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
      String model, Integer version, String sentBy) {
    Map<String, Object> m = new HashMap<>(8);
    if (sentBy != null) {
      m.put(SENT_BY, sentBy);
    }
    m.put(REQUEST_ID, requestId);
    m.put(ACTUAL, actual);
    m.put(TIMESTAMP, IsoMillis.format(timestamp));
    m.put(ENVIRONMENT, environment);
    m.put(MODEL, model);
    if (version != null) {
      m.put(VERSION, version);
    }
    return m;
  }

  /**
   * The explanation record of a prediction (tag {@link PredictionLogFields#EXPLANATION_TAG}): what drove it,
   * as input feature names, so monitoring can count how often each feature drives predictions.
   */
  public static Map<String, Object> explanation(String requestId, long epochMillis, String environment,
      LoadedModel model, String prediction, Drivers drivers) {
    Map<String, Object> m = new LinkedHashMap<>(12);
    m.put(REQUEST_ID, requestId);
    m.put(TIMESTAMP, IsoMillis.format(epochMillis));
    m.put(ENVIRONMENT, environment);
    m.put(MODEL, model.name());
    m.put(VERSION, model.version());
    m.put(PREDICTION, prediction);
    m.put(METHOD, drivers.method());
    m.put(DRIVERS, drivers.drivers());
    if (drivers.weights() != null) {
      m.put(WEIGHTS, drivers.weights());
    }
    return m;
  }
}
