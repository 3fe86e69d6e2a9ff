package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.monitoring.domain.Window;

/**
 * Counts the prediction requests serving refused in a window (Fluentd tag {@code cd4ml.rejection}):
 * one hit count in the search engine, no document read.
 */
public final class RejectionQuery {
  private RejectionQuery() {}

  public static ObjectNode body(Window w) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put(PredictionLogFields.MODEL, w.model());
    filter.addObject().putObject("term").put(PredictionLogFields.ENVIRONMENT, w.environment());
    filter.addObject().putObject("term").put(PredictionLogFields.VERSION, Integer.toString(w.version()));
    filter.addObject().putObject("range").putObject(PredictionLogFields.TIMESTAMP)
        .put("gte", w.from().toString()).put("lt", w.to().toString());
    return body;
  }

  public static long count(JsonNode response) {
    return response.path("hits").path("total").path("value").asLong();
  }
}
