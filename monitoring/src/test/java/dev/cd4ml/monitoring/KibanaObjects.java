package dev.cd4ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code monitoring/kibana/cd4ml-monitoring.ndjson}: the data view and the "Model monitoring"
 * dashboard with its aggregation-based (legacy) visualizations, in the saved-object format Kibana
 * 7.17 exports, which every Kibana 8 imports (it migrates them on import).
 *
 * <p>The ndjson file is what ships; {@code KibanaSavedObjectsTest} fails when it differs from what
 * this class generates. Regenerate after a change with
 * {@code mvn -f monitoring/pom.xml test -Dtest=KibanaSavedObjectsTest -Dcd4ml.regenerate=true}.
 */
final class KibanaObjects {

    static final String DATA_VIEW_ID = "cd4ml-predictions";
    static final String DATA_VIEW_PATTERN = "cd4ml-predictions-*";
    static final String TIME_FIELD = "timestamp";
    static final String DASHBOARD_ID = "cd4ml-model-monitoring";
    static final String DASHBOARD_TITLE = "Model monitoring";
    static final String FORMAT_VERSION = "7.17.0";

    /** The demo dataset's input features (data-service's generated "credit" data): name → histogram interval, or null for categorical. */
    static final Map<String, Double> FEATURES = features();
    /** Protected columns of the demo data: the fairness panels group by them. */
    static final List<String> PROTECTED = List.of("sex", "age_band");

    private static final ObjectMapper JSON = new ObjectMapper();

    private KibanaObjects() {
    }

    private static Map<String, Double> features() {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("age", 5.0);
        f.put("age_band", null);
        f.put("sex", null);
        f.put("income", 10000.0);
        f.put("loan_amount", 5000.0);
        f.put("loan_term_months", 12.0);
        f.put("credit_score", 50.0);
        f.put("num_late_payments", 1.0);
        f.put("debt_to_income", 0.05);
        f.put("employment", null);
        f.put("housing", null);
        f.put("purpose", null);
        f.put("region", null);
        return f;
    }

    /** One panel: a visualization and its place on the dashboard. */
    record Panel(String id, String title, String visType, ObjectNode params, ArrayNode aggs, int w, int h) {
    }

    static List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("cd4ml-predictions-over-time", "Predictions over time per model version", "histogram",
            xyParams("histogram", "stacked", "normal", "1", "Predictions"),
            aggs(count("1"), dateHistogram("2", "segment"), terms("3", "group", "version", 10, "1")), 24, 15));
        panels.add(new Panel("cd4ml-predicted-labels-per-version", "Predicted label distribution per version", "histogram",
            xyParams("histogram", "stacked", "normal", "1", "Predictions"),
            aggs(count("1"), terms("2", "segment", "version", 10, "_key"), terms("3", "group", "prediction", 20, "1")), 24, 15));
        panels.add(new Panel("cd4ml-latency-percentiles", "Prediction latency percentiles (ms)", "line",
            xyParams("line", "normal", "normal", "1", "Latency (ms)"),
            aggs(percentiles("1", "latencyMs", 50, 95, 99), dateHistogram("2", "segment")), 24, 15));
        panels.add(new Panel("cd4ml-shadow-agreement", "Shadow agreement rate (shadow model vs served model)", "pie",
            pieParams(),
            aggs(count("1"), terms("2", "segment", "shadowAgreement", 2, "1")), 24, 15));
        for (String column : PROTECTED) {
            panels.add(new Panel("cd4ml-positive-rate-by-" + column.replace('_', '-'),
                "Predicted label share per " + column + " (predicted positive rate)", "histogram",
                xyParams("histogram", "stacked", "percentage", "1", "Share of predictions"),
                aggs(count("1"), terms("2", "segment", column, 20, "_key"), terms("3", "group", "prediction", 20, "1")), 24, 15));
        }
        FEATURES.forEach((feature, interval) -> panels.add(new Panel(
            "cd4ml-feature-" + feature.replace('_', '-'), "Input feature: " + feature, "histogram",
            xyParams("histogram", "stacked", "normal", "1", "Predictions"),
            interval == null
                ? aggs(count("1"), terms("2", "segment", feature, 20, "1"))
                : aggs(count("1"), histogram("2", feature, interval)),
            12, 12)));
        return panels;
    }

    static List<ObjectNode> savedObjects() {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(dataView());
        List<Panel> panels = panels();
        panels.forEach(p -> objects.add(visualization(p)));
        objects.add(dashboard(panels));
        return objects;
    }

    static String ndjson() {
        StringBuilder out = new StringBuilder();
        for (ObjectNode o : savedObjects()) {
            out.append(o.toString()).append('\n');
        }
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "kibana/cd4ml-monitoring.ndjson");
        Files.writeString(target, ndjson(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }

    private static ObjectNode dataView() {
        ObjectNode attributes = JSON.createObjectNode()
            .put("title", DATA_VIEW_PATTERN)
            .put("timeFieldName", TIME_FIELD)
            .put("fields", "[]")
            .put("fieldFormatMap", "{\"latencyMs\":{\"id\":\"number\",\"params\":{\"pattern\":\"0,0.[00]\"}}}");
        return savedObject(DATA_VIEW_ID, "index-pattern", attributes, JSON.createArrayNode());
    }

    private static ObjectNode visualization(Panel p) {
        ObjectNode visState = JSON.createObjectNode().put("title", p.title()).put("type", p.visType());
        visState.set("params", p.params());
        visState.set("aggs", p.aggs());
        ObjectNode search = JSON.createObjectNode();
        search.putObject("query").put("query", "").put("language", "kuery");
        search.putArray("filter");
        search.put("indexRefName", "kibanaSavedObjectMeta.searchSourceJSON.index");
        ObjectNode attributes = JSON.createObjectNode()
            .put("title", p.title())
            .put("visState", write(visState))
            .put("uiStateJSON", "{}")
            .put("description", "")
            .put("version", 1);
        attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", write(search));
        ArrayNode references = JSON.createArrayNode();
        references.addObject().put("name", "kibanaSavedObjectMeta.searchSourceJSON.index")
            .put("type", "index-pattern").put("id", DATA_VIEW_ID);
        return savedObject(p.id(), "visualization", attributes, references);
    }

    private static ObjectNode dashboard(List<Panel> panels) {
        ArrayNode panelsJson = JSON.createArrayNode();
        ArrayNode references = JSON.createArrayNode();
        int x = 0;
        int y = 0;
        int rowHeight = 0;
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            if (x + p.w() > 48) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            String index = Integer.toString(i + 1);
            ObjectNode panel = panelsJson.addObject().put("version", FORMAT_VERSION).put("type", "visualization");
            panel.putObject("gridData").put("x", x).put("y", y).put("w", p.w()).put("h", p.h()).put("i", index);
            panel.put("panelIndex", index);
            panel.putObject("embeddableConfig").putObject("enhancements");
            panel.put("panelRefName", "panel_" + i);
            references.addObject().put("name", "panel_" + i).put("type", "visualization").put("id", p.id());
            x += p.w();
            rowHeight = Math.max(rowHeight, p.h());
        }
        ObjectNode search = JSON.createObjectNode();
        search.putObject("query").put("query", "").put("language", "kuery");
        search.putArray("filter");
        ObjectNode attributes = JSON.createObjectNode()
            .put("title", DASHBOARD_TITLE)
            .put("description", "CD4ML serving: traffic and predicted labels per model version, input distributions (drift), "
                + "latency, shadow agreement and predicted positive rate per protected group (fairness).")
            .put("hits", 0)
            .put("panelsJSON", write(panelsJson))
            .put("optionsJSON", "{\"useMargins\":true,\"syncColors\":false,\"hidePanelTitles\":false}")
            .put("version", 1)
            .put("timeRestore", true)
            .put("timeFrom", "now-24h")
            .put("timeTo", "now");
        attributes.putObject("refreshInterval").put("pause", false).put("value", 60000);
        attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", write(search));
        return savedObject(DASHBOARD_ID, "dashboard", attributes, references);
    }

    private static ObjectNode savedObject(String id, String type, ObjectNode attributes, ArrayNode references) {
        ObjectNode o = JSON.createObjectNode().put("id", id).put("type", type);
        o.set("attributes", attributes);
        o.set("references", references);
        o.putObject("migrationVersion").put(type, FORMAT_VERSION);
        o.put("coreMigrationVersion", FORMAT_VERSION);
        return o;
    }

    // --- aggregation configs, as Kibana's aggregation-based editor writes them

    private static ArrayNode aggs(ObjectNode... aggs) {
        ArrayNode array = JSON.createArrayNode();
        for (ObjectNode a : aggs) {
            array.add(a);
        }
        return array;
    }

    private static ObjectNode agg(String id, String type, String schema) {
        ObjectNode a = JSON.createObjectNode().put("id", id).put("enabled", true).put("type", type);
        a.putObject("params");
        a.put("schema", schema);
        return a;
    }

    private static ObjectNode count(String id) {
        return agg(id, "count", "metric");
    }

    private static ObjectNode percentiles(String id, String field, int... percents) {
        ObjectNode a = agg(id, "percentiles", "metric");
        ObjectNode params = (ObjectNode) a.get("params");
        params.put("field", field);
        ArrayNode p = params.putArray("percents");
        for (int percent : percents) {
            p.add(percent);
        }
        return a;
    }

    private static ObjectNode dateHistogram(String id, String schema) {
        ObjectNode a = agg(id, "date_histogram", schema);
        ((ObjectNode) a.get("params")).put("field", TIME_FIELD).put("useNormalizedEsInterval", true)
            .put("scaleMetricValues", false).put("interval", "auto").put("drop_partials", false)
            .put("min_doc_count", 1).putObject("extended_bounds");
        return a;
    }

    private static ObjectNode terms(String id, String schema, String field, int size, String orderBy) {
        ObjectNode a = agg(id, "terms", schema);
        ((ObjectNode) a.get("params")).put("field", field).put("orderBy", orderBy)
            .put("order", "_key".equals(orderBy) ? "asc" : "desc").put("size", size)
            .put("otherBucket", false).put("otherBucketLabel", "Other")
            .put("missingBucket", false).put("missingBucketLabel", "Missing");
        return a;
    }

    private static ObjectNode histogram(String id, String field, double interval) {
        ObjectNode a = agg(id, "histogram", "segment");
        ObjectNode params = ((ObjectNode) a.get("params")).put("field", field).put("interval", interval)
            .put("min_doc_count", false).put("has_extended_bounds", false);
        params.putObject("extended_bounds").put("min", "").put("max", "");
        return a;
    }

    // --- vislib parameters (Kibana fills anything missing with the chart type's defaults)

    private static ObjectNode xyParams(String type, String seriesMode, String scaleMode, String metricId, String axisTitle) {
        ObjectNode params = JSON.createObjectNode().put("type", type);
        params.putObject("grid").put("categoryLines", false);
        ObjectNode category = params.putArray("categoryAxes").addObject()
            .put("id", "CategoryAxis-1").put("type", "category").put("position", "bottom").put("show", true);
        category.putObject("style");
        category.putObject("scale").put("type", "linear");
        category.putObject("labels").put("show", true).put("filter", true).put("truncate", 100);
        category.putObject("title");
        ObjectNode value = params.putArray("valueAxes").addObject()
            .put("id", "ValueAxis-1").put("name", "LeftAxis-1").put("type", "value").put("position", "left").put("show", true);
        value.putObject("style");
        value.putObject("scale").put("type", "linear").put("mode", scaleMode);
        value.putObject("labels").put("show", true).put("rotate", 0).put("filter", false).put("truncate", 100);
        value.putObject("title").put("text", axisTitle);
        ObjectNode series = params.putArray("seriesParams").addObject()
            .put("show", true).put("type", type).put("mode", seriesMode);
        series.putObject("data").put("label", axisTitle).put("id", metricId);
        series.put("valueAxis", "ValueAxis-1").put("drawLinesBetweenPoints", true).put("lineWidth", 2)
            .put("showCircles", true).put("interpolate", "linear");
        params.put("addTooltip", true).put("addLegend", true).put("legendPosition", "right");
        params.putArray("times");
        params.put("addTimeMarker", false);
        params.putObject("labels").put("show", false);
        params.putObject("thresholdLine").put("show", false).put("value", 10).put("width", 1)
            .put("style", "full").put("color", "#E7664C");
        params.put("detailedTooltip", true);
        params.putObject("palette").put("type", "palette").put("name", "default");
        params.put("isVislibVis", true).put("fittingFunction", "linear");
        return params;
    }

    private static ObjectNode pieParams() {
        ObjectNode params = JSON.createObjectNode().put("type", "pie").put("addTooltip", true).put("addLegend", true)
            .put("legendPosition", "right").put("isDonut", true);
        params.putObject("labels").put("show", true).put("values", true).put("last_level", true).put("truncate", 100);
        params.putObject("palette").put("type", "palette").put("name", "default");
        params.put("distinctColors", true);
        return params;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
