package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.domain.Window;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the window's explanation records (Fluentd tag {@code cd4ml.explanation}) and, per input
 * feature, how many name it among their {@code drivers}: one terms aggregation in the search engine.
 */
public final class ExplanationQuery {
  public static final String DRIVERS = "drivers";

  private ExplanationQuery() {}

  public static ObjectNode body(Window w, int features) {
    ObjectNode body = WindowQuery.count(w);
    body.putObject("aggs").putObject(DRIVERS).putObject("terms").put("field", DRIVERS).put("size", Math.max(1, features));
    return body;
  }

  public static long sampled(JsonNode response) {
    return response.path("hits").path("total").path("value").asLong();
  }

  public static Map<String, Long> driverCounts(JsonNode response) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonNode b : response.path("aggregations").path(DRIVERS).path("buckets")) {
      counts.put(b.path("key").asText(), b.path("doc_count").asLong());
    }
    return counts;
  }
}
