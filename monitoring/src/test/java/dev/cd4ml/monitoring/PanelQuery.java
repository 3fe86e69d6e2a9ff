package dev.cd4ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The search a dashboard panel makes, read from its saved visualization (visState) the way Kibana's
 * aggregation-based visualizations build it: bucket aggregations nested in the order of the
 * {@code aggs} list, metrics inside the innermost bucket. Also a plain-Java evaluation of the same
 * panel over records, which is what the tests compare OpenSearch's answer with.
 *
 * <p>Only what the dashboards use is understood (count, percentiles, avg, min, max, terms,
 * date_histogram, histogram; a query of {@code field:"value"} terms joined by {@code and}); anything
 * else fails, so a new kind of panel needs its check here.
 * Kibana picks the "auto" date interval from the time range; this fixes it to one hour.
 */
record PanelQuery(String id, String title, List<JsonNode> buckets, List<JsonNode> metrics, String dataView,
    Map<String, String> filters) {

    static final long AUTO_INTERVAL_MILLIS = 3_600_000L;

    static List<PanelQuery> fromNdjson(String ndjson) {
        List<PanelQuery> queries = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode object = Http.JSON.readTree(line);
                if (!"visualization".equals(object.path("type").asText())) {
                    continue;
                }
                JsonNode search = Http.JSON.readTree(object.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
                if (search.path("filter").size() > 0) {
                    throw new IllegalArgumentException(object.path("id") + ": panel filters are not checked yet");
                }
                Map<String, String> filters = kql(object.path("id").asText(), search.at("/query/query").asText());
                String dataView = "";
                for (JsonNode r : object.path("references")) {
                    if ("index-pattern".equals(r.path("type").asText())) {
                        dataView = r.path("id").asText();
                    }
                }
                JsonNode visState = Http.JSON.readTree(object.at("/attributes/visState").asText());
                List<JsonNode> buckets = new ArrayList<>();
                List<JsonNode> metrics = new ArrayList<>();
                for (JsonNode agg : visState.path("aggs")) {
                    if (!agg.path("enabled").asBoolean(true)) {
                        continue;
                    }
                    ("metric".equals(agg.path("schema").asText()) ? metrics : buckets).add(agg);
                }
                queries.add(new PanelQuery(object.path("id").asText(), object.at("/attributes/title").asText(), buckets, metrics,
                    dataView, filters));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return queries;
    }

    /** {@code a:"x" and b:"y"} as field → value; the only KQL the dashboards write. */
    static Map<String, String> kql(String id, String query) {
        Map<String, String> filters = new TreeMap<>();
        if (query.isBlank()) {
            return filters;
        }
        for (String term : query.split(" and ")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z0-9_.@-]+)\\s*:\\s*\"([^\"]*)\"\\s*").matcher(term);
            if (!m.matches()) {
                throw new IllegalArgumentException(id + ": query term '" + term + "' not checked");
            }
            filters.put(m.group(1), m.group(2));
        }
        return filters;
    }

    /** The {@code _search} body. */
    ObjectNode searchBody() {
        ObjectNode body = Http.JSON.createObjectNode().put("size", 0).put("track_total_hits", true);
        if (!filters.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
            filters.forEach((field, value) -> filter.addObject().putObject("match_phrase").put(field, value));
        }
        ObjectNode level = body.putObject("aggs");
        for (JsonNode bucket : buckets) {
            ObjectNode agg = level.putObject(bucket.path("id").asText());
            JsonNode p = bucket.path("params");
            String field = p.path("field").asText();
            switch (bucket.path("type").asText()) {
                case "terms" -> {
                    ObjectNode terms = agg.putObject("terms").put("field", field).put("size", p.path("size").asInt());
                    String orderBy = p.path("orderBy").asText();
                    terms.putObject("order").put("_key".equals(orderBy) ? "_key" : "_count", p.path("order").asText());
                    if (!"_key".equals(orderBy) && !"1".equals(orderBy)) {
                        throw new IllegalArgumentException(id + ": terms ordered by metric " + orderBy + " not checked");
                    }
                }
                case "date_histogram" -> {
                    String interval = p.path("interval").asText();
                    if (!"auto".equals(interval)) {
                        throw new IllegalArgumentException(id + ": date interval " + interval + " not checked");
                    }
                    agg.putObject("date_histogram").put("field", field).put("fixed_interval", "1h")
                        .put("min_doc_count", p.path("min_doc_count").asInt(1));
                }
                case "histogram" -> agg.putObject("histogram").put("field", field)
                    .put("interval", p.path("interval").asDouble()).put("min_doc_count", 1);
                default -> throw new IllegalArgumentException(id + ": bucket aggregation " + bucket.path("type") + " not checked");
            }
            level = agg.putObject("aggs");
        }
        for (JsonNode metric : metrics) {
            switch (metric.path("type").asText()) {
                case "count" -> {
                    // doc_count of the innermost bucket
                }
                case "percentiles" -> {
                    ObjectNode percentiles = level.putObject(metric.path("id").asText()).putObject("percentiles")
                        .put("field", metric.at("/params/field").asText());
                    percentiles.set("percents", metric.at("/params/percents"));
                }
                case "avg", "min", "max" -> level.putObject(metric.path("id").asText()).putObject(metric.path("type").asText())
                    .put("field", metric.at("/params/field").asText());
                default -> throw new IllegalArgumentException(id + ": metric " + metric.path("type") + " not checked");
            }
        }
        return body;
    }

    /** OpenSearch's answer as rows: bucket keys (outermost first) → metric name → value. */
    Map<List<String>, Map<String, Double>> rows(JsonNode response) {
        Map<List<String>, Map<String, Double>> rows = new TreeMap<>(PanelQuery::compareKeys);
        collect(response.path("aggregations"), 0, new ArrayList<>(), rows);
        return rows;
    }

    private void collect(JsonNode level, int depth, List<String> keys, Map<List<String>, Map<String, Double>> rows) {
        if (depth == buckets.size()) {
            rows.put(List.copyOf(keys), metricValues(level));
            return;
        }
        JsonNode bucketAgg = buckets.get(depth);
        for (JsonNode bucket : level.path(bucketAgg.path("id").asText()).path("buckets")) {
            keys.add(key(bucketAgg, bucket));
            collect(bucket, depth + 1, keys, rows);
            keys.remove(keys.size() - 1);
        }
    }

    private Map<String, Double> metricValues(JsonNode bucket) {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode metric : metrics) {
            String type = metric.path("type").asText();
            if ("count".equals(type)) {
                values.put("count", bucket.path("doc_count").asDouble());
            } else if (!"percentiles".equals(type)) {
                JsonNode v = bucket.path(metric.path("id").asText()).path("value");
                if (v.isNumber()) { // null: no value in the bucket
                    values.put(type + ":" + metric.at("/params/field").asText(), v.asDouble());
                }
            } else {
                bucket.path(metric.path("id").asText()).path("values").fields()
                    .forEachRemaining(e -> values.put("p" + Double.valueOf(e.getKey()).intValue(), e.getValue().asDouble()));
            }
        }
        return values;
    }

    private static String key(JsonNode bucketAgg, JsonNode bucket) {
        return switch (bucketAgg.path("type").asText()) {
            case "date_histogram" -> Instant.ofEpochMilli(bucket.path("key").asLong()).toString();
            case "histogram" -> Double.toString(bucket.path("key").asDouble());
            default -> bucket.has("key_as_string") ? bucket.path("key_as_string").asText() : bucket.path("key").asText();
        };
    }

    /** The same panel computed in Java over the records: what OpenSearch must answer. */
    Map<List<String>, Map<String, Double>> expected(Collection<Map<String, Object>> records) {
        Map<List<String>, List<Map<String, Object>>> groups = new TreeMap<>(PanelQuery::compareKeys);
        records:
        for (Map<String, Object> r : records) {
            for (Map.Entry<String, String> f : filters.entrySet()) {
                if (!f.getValue().equals(String.valueOf(r.get(f.getKey())))) {
                    continue records;
                }
            }
            List<List<String>> keyed = new ArrayList<>();
            keyed.add(new ArrayList<>());
            for (JsonNode bucket : buckets) {
                Object raw = r.get(bucket.at("/params/field").asText());
                if (raw == null) {
                    continue records; // no bucket for a missing value (missingBucket is off)
                }
                // an array field (explanation drivers) counts its record in the bucket of each value
                List<?> values = raw instanceof List<?> l ? l : List.of(raw);
                List<List<String>> next = new ArrayList<>();
                for (List<String> prefix : keyed) {
                    for (Object value : values) {
                        List<String> k = new ArrayList<>(prefix);
                        k.add(expectedKey(bucket, value));
                        next.add(k);
                    }
                }
                keyed = next;
            }
            for (List<String> keys : keyed) {
                groups.computeIfAbsent(keys, k -> new ArrayList<>()).add(r);
            }
        }
        return evaluate(groups);
    }

    private static String expectedKey(JsonNode bucket, Object value) {
                return switch (bucket.path("type").asText()) {
                    case "date_histogram" -> {
                        long t = Instant.parse((String) value).toEpochMilli();
                        yield Instant.ofEpochMilli(Math.floorDiv(t, AUTO_INTERVAL_MILLIS) * AUTO_INTERVAL_MILLIS).toString();
                    }
                    case "histogram" -> {
                        double interval = bucket.at("/params/interval").asDouble();
                        yield Double.toString(Math.floor(((Number) value).doubleValue() / interval) * interval);
                    }
                    default -> String.valueOf(value);
                };
    }

    private Map<List<String>, Map<String, Double>> evaluate(Map<List<String>, List<Map<String, Object>>> groups) {
        Map<List<String>, Map<String, Double>> rows = new TreeMap<>(PanelQuery::compareKeys);
        groups.forEach((keys, group) -> {
            Map<String, Double> values = new TreeMap<>();
            for (JsonNode metric : metrics) {
                String type = metric.path("type").asText();
                if ("count".equals(type)) {
                    values.put("count", (double) group.size());
                } else if (!"percentiles".equals(type)) {
                    String field = metric.at("/params/field").asText();
                    java.util.DoubleSummaryStatistics stats = group.stream().map(r -> r.get(field)).filter(v -> v instanceof Number)
                        .mapToDouble(v -> ((Number) v).doubleValue()).summaryStatistics();
                    if (stats.getCount() > 0) {
                        values.put(type + ":" + field, switch (type) {
                            case "avg" -> stats.getAverage();
                            case "min" -> stats.getMin();
                            default -> stats.getMax();
                        });
                    }
                } else {
                    String field = metric.at("/params/field").asText();
                    double[] sorted = group.stream().map(r -> r.get(field)).filter(v -> v != null)
                        .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
                    for (JsonNode percent : metric.at("/params/percents")) {
                        values.put("p" + percent.asInt(), percentile(sorted, percent.asDouble()));
                    }
                }
            }
            rows.put(keys, values);
        });
        return rows;
    }

    /** Linear interpolation between closest ranks. */
    static double percentile(double[] sorted, double percent) {
        double rank = percent / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
