package dev.cd4ml.monitoring.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.domain.FeaturePlan;
import dev.cd4ml.monitoring.domain.NumericBins;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.domain.WindowCounts;
import dev.cd4ml.monitoring.domain.WindowCounts.FeatureCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one search request a report needs, and its answer read back as {@link WindowCounts}: every
 * count is an aggregation the search engine computes over the prediction log (no document leaves
 * it). Field names are those of the prediction record and the monitoring index template.
 */
public final class PredictionLogQuery {
  static final String TIMESTAMP = "timestamp";
  static final String ACTUAL = "actual";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PredictionLogQuery() {}

  /**
   * @param labels           the model's labels (bounds the label terms)
   * @param protectedColumns log fields of the protected columns
   * @param maxGroups        groups per protected column counted one by one
   */
  public static ObjectNode body(Window w, List<FeaturePlan> features, List<String> labels,
      List<String> protectedColumns, int maxGroups) {
    ObjectNode body = WindowQuery.count(w);

    ObjectNode aggs = body.putObject("aggs");
    int labelTerms = labels.size() + 1;
    for (int i = 0; i < features.size(); i++) {
      FeaturePlan f = features.get(i);
      aggs.set("m" + i, missing(f.field()));
      aggs.set("f" + i, f.numeric() ? ranges(f.field(), f.bins()) : terms(f.field(), f.categories()));
    }
    aggs.set("predicted", terms("prediction", labelTerms));

    ObjectNode labelled = filterExists(ACTUAL);
    ObjectNode labelledAggs = labelled.putObject("aggs");
    labelledAggs.set("actual", withSub(terms(ACTUAL, labelTerms), "predicted", terms("prediction", labelTerms)));
    for (int g = 0; g < protectedColumns.size(); g++) {
      labelledAggs.set("g" + g, withSub(terms(protectedColumns.get(g), maxGroups), "actual",
          withSub(terms(ACTUAL, labelTerms), "predicted", terms("prediction", labelTerms))));
    }
    aggs.set("labelled", labelled);

    for (int g = 0; g < protectedColumns.size(); g++) {
      aggs.set("g" + g, withSub(terms(protectedColumns.get(g), maxGroups), "predicted", terms("prediction", labelTerms)));
    }

    ObjectNode shadow = filterExists("shadowPrediction");
    ObjectNode shadowAggs = shadow.putObject("aggs");
    shadowAggs.set("agreed", filterTerm("shadowAgreement", true));
    ObjectNode shadowLabelled = filterExists(ACTUAL);
    ObjectNode shadowActual = withSub(terms(ACTUAL, labelTerms), "shadow", terms("shadowPrediction", labelTerms));
    ((ObjectNode) shadowActual.get("aggs")).set("predicted", terms("prediction", labelTerms));
    shadowLabelled.putObject("aggs").set("actual", shadowActual);
    shadowAggs.set("labelled", shadowLabelled);
    aggs.set("shadow", shadow);

    aggs.set("unknown", filterExists("unknownCategories"));
    return body;
  }

  public static WindowCounts parse(JsonNode response, List<FeaturePlan> features, List<String> protectedColumns) {
    JsonNode aggs = response.path("aggregations");
    Map<String, FeatureCounts> counts = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      FeaturePlan f = features.get(i);
      long missing = aggs.path("m" + i).path("doc_count").asLong();
      JsonNode buckets = aggs.path("f" + i).path("buckets");
      if (f.numeric()) {
        long[] bins = new long[f.bins().size()];
        for (int b = 0; b < bins.length; b++) {
          bins[b] = buckets.path(b).path("doc_count").asLong();
        }
        counts.put(f.feature(), new FeatureCounts(missing, bins, null));
      } else {
        Map<String, Long> categories = termCounts(aggs.path("f" + i));
        long rest = aggs.path("f" + i).path("sum_other_doc_count").asLong();
        if (rest > 0) {
          categories.put(WindowCounts.REST, rest);
        }
        counts.put(f.feature(), new FeatureCounts(missing, null, categories));
      }
    }
    JsonNode labelled = aggs.path("labelled");
    Map<String, Map<String, Map<String, Long>>> groupPredicted = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Map<String, Long>>>> groupConfusion = new LinkedHashMap<>();
    for (int g = 0; g < protectedColumns.size(); g++) {
      String column = protectedColumns.get(g);
      Map<String, Map<String, Long>> predictedByGroup = new LinkedHashMap<>();
      for (JsonNode group : aggs.path("g" + g).path("buckets")) {
        predictedByGroup.put(group.path("key").asText(), termCounts(group.path("predicted")));
      }
      groupPredicted.put(column, predictedByGroup);
      Map<String, Map<String, Map<String, Long>>> confusionByGroup = new LinkedHashMap<>();
      for (JsonNode group : labelled.path("g" + g).path("buckets")) {
        confusionByGroup.put(group.path("key").asText(), nested(group.path("actual"), "predicted"));
      }
      groupConfusion.put(column, confusionByGroup);
    }
    JsonNode shadow = aggs.path("shadow");
    return new WindowCounts(
        response.path("hits").path("total").path("value").asLong(),
        counts,
        termCounts(aggs.path("predicted")),
        nested(labelled.path("actual"), "predicted"),
        groupPredicted,
        groupConfusion,
        shadow.path("doc_count").asLong(),
        shadow.path("agreed").path("doc_count").asLong(),
        nested(shadow.path("labelled").path("actual"), "shadow"),
        nested(shadow.path("labelled").path("actual"), "predicted"),
        aggs.path("unknown").path("doc_count").asLong());
  }

  private static Map<String, Long> termCounts(JsonNode terms) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonNode b : terms.path("buckets")) {
      counts.put(b.path("key_as_string").asText(b.path("key").asText()), b.path("doc_count").asLong());
    }
    return counts;
  }

  private static Map<String, Map<String, Long>> nested(JsonNode outer, String inner) {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (JsonNode b : outer.path("buckets")) {
      counts.put(b.path("key").asText(), termCounts(b.path(inner)));
    }
    return counts;
  }

  private static ObjectNode missing(String field) {
    ObjectNode agg = JSON.objectNode();
    agg.putObject("missing").put("field", field);
    return agg;
  }

  private static ObjectNode terms(String field, int size) {
    ObjectNode agg = JSON.objectNode();
    agg.putObject("terms").put("field", field).put("size", size);
    return agg;
  }

  private static ObjectNode ranges(String field, NumericBins bins) {
    ObjectNode agg = JSON.objectNode();
    ObjectNode range = agg.putObject("range");
    range.put("field", field);
    ArrayNode list = range.putArray("ranges");
    for (NumericBins.Range r : bins.ranges()) {
      ObjectNode item = list.addObject();
      if (r.from() != null) {
        item.put("from", r.from());
      }
      if (r.to() != null) {
        item.put("to", r.to());
      }
    }
    return agg;
  }

  private static ObjectNode withSub(ObjectNode agg, String name, ObjectNode sub) {
    agg.putObject("aggs").set(name, sub);
    return agg;
  }

  private static ObjectNode filterExists(String field) {
    ObjectNode agg = JSON.objectNode();
    agg.putObject("filter").putObject("exists").put("field", field);
    return agg;
  }

  private static ObjectNode filterTerm(String field, boolean value) {
    ObjectNode agg = JSON.objectNode();
    agg.putObject("filter").putObject("term").put(field, value);
    return agg;
  }
}
