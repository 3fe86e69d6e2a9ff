package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.monitoring.domain.Window;

/**
 * The records of one model version in one environment within a window, as a search body that
 * counts them without reading any: every log query of a report starts from it and adds its
 * aggregations. The window is half-open, [from, to).
 */
public final class WindowQuery {
  private WindowQuery() {}

  public static ObjectNode count(Window w) {
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
}
