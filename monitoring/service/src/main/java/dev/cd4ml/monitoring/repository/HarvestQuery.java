package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import java.time.Instant;
import java.util.List;

/**
 * The search requests of a harvest: how many predictions of a model in an environment the window
 * holds and how many of them are labelled; then the labelled ones page by page, sorted on
 * (timestamp, requestId) and continued with {@code search_after}, so memory holds one page and the
 * order is the same every time.
 */
public final class HarvestQuery {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HarvestQuery() {}

  public static ObjectNode counts(String model, String environment, Instant from, Instant to) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    filters(body, model, environment, from, to, false);
    body.putObject("aggs").putObject("labelled").putObject("filter").putObject("exists").put("field", PredictionLogFields.ACTUAL);
    return body;
  }

  public static long total(JsonNode counts) {
    return counts.path("hits").path("total").path("value").asLong();
  }

  public static long labelled(JsonNode counts) {
    return counts.path("aggregations").path("labelled").path("doc_count").asLong();
  }

  /** @param after the last hit's {@code sort} values; null for the first page */
  public static ObjectNode page(String model, String environment, Instant from, Instant to, List<String> fields,
      int size, JsonNode after) {
    ObjectNode body = JSON.objectNode();
    body.put("size", size);
    body.put("track_total_hits", false);
    filters(body, model, environment, from, to, true);
    ArrayNode source = body.putArray("_source");
    fields.forEach(source::add);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put(PredictionLogFields.TIMESTAMP, "asc");
    sort.addObject().put(PredictionLogFields.REQUEST_ID, "asc");
    if (after != null) {
      body.set("search_after", after);
    }
    return body;
  }

  private static void filters(ObjectNode body, String model, String environment, Instant from, Instant to,
      boolean labelledOnly) {
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put(PredictionLogFields.MODEL, model);
    filter.addObject().putObject("term").put(PredictionLogFields.ENVIRONMENT, environment);
    filter.addObject().putObject("range").putObject(PredictionLogFields.TIMESTAMP)
        .put("gte", from.toString()).put("lt", to.toString());
    if (labelledOnly) {
      filter.addObject().putObject("exists").put("field", PredictionLogFields.ACTUAL);
    }
  }
}
