package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.domain.Window;

/**
 * Counts the prediction requests serving refused in a window (Fluentd tag {@code cd4ml.rejection}):
 * one hit count in the search engine, no document read.
 */
public final class RejectionQuery {
  private RejectionQuery() {}

  public static ObjectNode body(Window w) {
    return WindowQuery.count(w);
  }

  public static long count(JsonNode response) {
    return response.path("hits").path("total").path("value").asLong();
  }
}
