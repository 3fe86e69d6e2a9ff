package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis.VersionCounts;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canary analysis' one search request over the prediction log: both versions' records in the
 * window, bucketed by version, with each one's predicted labels, latency p99 and labelled-and-right
 * counts as aggregations (no document read).
 */
public final class CanaryQuery {
  /** Labels per model are few; this only bounds the terms aggregations. */
  static final int LABEL_TERMS = 100;

  private CanaryQuery() {}

  public static ObjectNode body(String model, String environment, int primary, int canary, Instant from, Instant to) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode body = f.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put(PredictionLogFields.MODEL, model);
    filter.addObject().putObject("term").put(PredictionLogFields.ENVIRONMENT, environment);
    filter.addObject().putObject("terms").putArray(PredictionLogFields.VERSION)
        .add(Integer.toString(primary)).add(Integer.toString(canary));
    filter.addObject().putObject("range").putObject(PredictionLogFields.TIMESTAMP)
        .put("gte", from.toString()).put("lt", to.toString());

    ObjectNode versions = body.putObject("aggs").putObject("versions");
    versions.putObject("terms").put("field", PredictionLogFields.VERSION).put("size", 2);
    ObjectNode aggs = versions.putObject("aggs");
    aggs.putObject("predicted").putObject("terms").put("field", PredictionLogFields.PREDICTION).put("size", LABEL_TERMS);
    aggs.putObject("latency").putObject("percentiles").put("field", PredictionLogFields.LATENCY_MS)
        .putArray("percents").add(99);
    ObjectNode labelled = aggs.putObject("labelled");
    labelled.putObject("filter").putObject("exists").put("field", PredictionLogFields.ACTUAL);
    ObjectNode actual = labelled.putObject("aggs").putObject("actual");
    actual.putObject("terms").put("field", PredictionLogFields.ACTUAL).put("size", LABEL_TERMS);
    actual.putObject("aggs").putObject("predicted").putObject("terms")
        .put("field", PredictionLogFields.PREDICTION).put("size", LABEL_TERMS);
    return body;
  }

  /** The counts per version; a version without records in the window has zero counts. */
  public static Map<Integer, VersionCounts> parse(JsonNode response, int primary, int canary, long primaryRejected,
      long canaryRejected) {
    Map<Integer, JsonNode> byVersion = new HashMap<>();
    for (JsonNode b : response.path("aggregations").path("versions").path("buckets")) {
      byVersion.put(b.path("key").asInt(), b);
    }
    Map<Integer, VersionCounts> counts = new LinkedHashMap<>();
    counts.put(primary, counts(primary, byVersion.get(primary), primaryRejected));
    counts.put(canary, counts(canary, byVersion.get(canary), canaryRejected));
    return counts;
  }

  private static VersionCounts counts(int version, JsonNode bucket, long rejected) {
    if (bucket == null) {
      return new VersionCounts(version, 0, rejected, null, Map.of(), 0, 0);
    }
    Map<String, Long> predicted = new LinkedHashMap<>();
    bucket.path("predicted").path("buckets").forEach(b -> predicted.put(b.path("key").asText(), b.path("doc_count").asLong()));
    JsonNode p99 = bucket.path("latency").path("values").path("99.0");
    long correct = 0;
    for (JsonNode a : bucket.path("labelled").path("actual").path("buckets")) {
      for (JsonNode p : a.path("predicted").path("buckets")) {
        if (p.path("key").asText().equals(a.path("key").asText())) {
          correct += p.path("doc_count").asLong();
        }
      }
    }
    return new VersionCounts(version, bucket.path("doc_count").asLong(), rejected,
        p99.isNumber() ? p99.asDouble() : null, predicted, bucket.path("labelled").path("doc_count").asLong(), correct);
  }
}
