package dev.cd4ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    static final String HEALTH_DASHBOARD_ID = "cd4ml-model-health";
    static final String HEALTH_DASHBOARD_TITLE = "Model health";
    static final String FORMAT_VERSION = "7.17.0";

    /** A data view: id, index pattern, time field. */
    record DataView(String id, String pattern, String timeField) {
    }

    static final DataView PREDICTIONS = new DataView(DATA_VIEW_ID, DATA_VIEW_PATTERN, TIME_FIELD);
    static final DataView FEEDBACK = new DataView("cd4ml-feedback", "cd4ml-feedback-*", "timestamp");
    static final DataView EXPLANATIONS = new DataView("cd4ml-explanations", "cd4ml-explanations-*", "timestamp");
    /** monitoring-service's stored reports (monitoring/README.md, "Stored reports"). */
    static final DataView REPORTS = new DataView("cd4ml-monitoring", "cd4ml-monitoring-*", "generatedAt");
    static final List<DataView> DATA_VIEWS = List.of(PREDICTIONS, FEEDBACK, EXPLANATIONS, REPORTS);

    /** The import step's per-feature panels (kibana/import.sh fills them in from a model's signature). */
    static final String FEATURE_TEMPLATE_FILE = "monitoring/kibana/cd4ml-feature-panels.template";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KibanaObjects() {
    }

    /** One panel: a visualization and its place on the dashboard. */
    record Panel(String id, String title, String visType, ObjectNode params, ArrayNode aggs, int w, int h,
        DataView dataView, String query) {

        Panel(String id, String title, String visType, ObjectNode params, ArrayNode aggs, int w, int h) {
            this(id, title, visType, params, aggs, w, h, PREDICTIONS, "");
        }
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
        // no panel names a column of one dataset: the predicted label share per protected column is on
        // each model's generated "Model features" dashboard (featureTemplate), from its lineage
        return panels;
    }

    /**
     * The "Model health" dashboard: monitoring-service's stored judgements over time (drift, fairness
     * gaps, online accuracy and labelled share per version, shadow against primary), the features
     * explanations name, and the feedback that arrives. Every panel reads one data view.
     */
    static List<Panel> healthPanels() {
        List<Panel> panels = new ArrayList<>();
        String time = REPORTS.timeField();
        panels.add(new Panel("cd4ml-health-drift-psi", "Drift per feature over time (PSI, worst version)", "line",
            xyParams("line", "normal", "normal", "1", "PSI"),
            aggs(metric("1", "max", "psi"), dateHistogram("2", "segment", time), terms("3", "group", "feature", 50, "1")),
            24, 15, REPORTS, "kind:\"feature\""));
        panels.add(new Panel("cd4ml-health-drift-ks", "Drift per numeric feature over time (KS)", "line",
            xyParams("line", "normal", "normal", "1", "KS"),
            aggs(metric("1", "max", "ks"), dateHistogram("2", "segment", time), terms("3", "group", "feature", 50, "1")),
            24, 15, REPORTS, "kind:\"feature\""));
        panels.add(new Panel("cd4ml-health-fairness-gaps", "Fairness gaps over time (max - min per protected column and rate)", "line",
            xyParams("line", "normal", "normal", "1", "Gap"),
            aggs(metric("1", "max", "gap"), dateHistogram("2", "segment", time), terms("3", "group", "column", 20, "_key"),
                terms("4", "group", "metric", 5, "_key")),
            24, 15, REPORTS, "kind:\"fairness\""));
        panels.add(new Panel("cd4ml-health-online-accuracy", "Online accuracy per version (labelled predictions)", "line",
            xyParams("line", "normal", "normal", "1", "Accuracy"),
            aggs(metric("1", "avg", "accuracy"), dateHistogram("2", "segment", time), terms("3", "group", "version", 10, "_key")),
            24, 15, REPORTS, "kind:\"report\""));
        panels.add(new Panel("cd4ml-health-labelled-share", "Labelled share per version", "line",
            xyParams("line", "normal", "normal", "1", "Labelled share"),
            aggs(metric("1", "avg", "labelledShare"), dateHistogram("2", "segment", time), terms("3", "group", "version", 10, "_key")),
            24, 15, REPORTS, "kind:\"report\""));
        panels.add(new Panel("cd4ml-health-shadow-vs-primary", "Shadow against primary: accuracy on the same labelled rows, agreement", "line",
            xyParams("line", "normal", "normal", "1", "Share"),
            aggs(metric("1", "avg", "shadowAccuracy"), metric("2", "avg", "primaryAccuracy"), metric("3", "avg", "shadowAgreement"),
                dateHistogram("4", "segment", time)),
            24, 15, REPORTS, "kind:\"report\""));
        panels.add(new Panel("cd4ml-health-explanation-drivers", "Explanation features: how often each drives predictions, per version",
            "histogram", xyParams("histogram", "stacked", "normal", "1", "Explanations naming it"),
            aggs(count("1"), terms("2", "segment", "drivers", 30, "1"), terms("3", "group", "version", 10, "_key")),
            24, 15, EXPLANATIONS, ""));
        panels.add(new Panel("cd4ml-health-feedback", "Feedback received per version", "histogram",
            xyParams("histogram", "stacked", "normal", "1", "Feedback"),
            aggs(count("1"), dateHistogram("2", "segment", FEEDBACK.timeField()), terms("3", "group", "version", 10, "_key")),
            24, 15, FEEDBACK, ""));
        return panels;
    }

    static List<ObjectNode> savedObjects() {
        List<ObjectNode> objects = new ArrayList<>();
        DATA_VIEWS.forEach(v -> objects.add(dataView(v)));
        List<Panel> panels = panels();
        panels.forEach(p -> objects.add(visualization(p)));
        objects.add(dashboard(DASHBOARD_ID, DASHBOARD_TITLE, "CD4ML serving: traffic and predicted labels per model version, "
            + "latency, shadow agreement. Input distributions per feature and the predicted positive rate per protected group "
            + "(fairness): the \"Model features\" dashboard the import step generates from the model's signature and lineage.", panels));
        List<Panel> health = healthPanels();
        health.forEach(p -> objects.add(visualization(p)));
        objects.add(dashboard(HEALTH_DASHBOARD_ID, HEALTH_DASHBOARD_TITLE, "monitoring-service's judgements over time: drift per "
            + "feature, fairness gaps, online accuracy and labelled share per version, shadow against primary, the features "
            + "explanations name, feedback received.", health));
        return objects;
    }

    /**
     * The per-feature panels as templates, one per line {@code <kind>\t<saved object>}: kinds
     * {@code numeric-input}, {@code categorical-input}, {@code drift} (per feature), {@code protected}
     * (per protected column of the version's lineage, {@code @FEATURE@} being the column) and
     * {@code dashboard}; {@code @MODEL@}, {@code @FEATURE@}, {@code @PANELS@} and {@code @REFERENCES@}
     * are filled in by kibana/import.sh from the model's signature and lineage.
     */
    static String featureTemplate() {
        String m = "@MODEL@";
        String f = "@FEATURE@";
        String modelQuery = "model:\"" + m + "\"";
        Panel numeric = new Panel("cd4ml-" + m + "-input-" + f, m + " input " + f + " over time (min, mean, max)", "line",
            xyParams("line", "normal", "normal", "2", f),
            aggs(metric("1", "min", f), metric("2", "avg", f), metric("3", "max", f), dateHistogram("4", "segment", TIME_FIELD)),
            24, 12, PREDICTIONS, modelQuery);
        Panel categorical = new Panel("cd4ml-" + m + "-input-" + f, m + " input " + f + " (categories)", "histogram",
            xyParams("histogram", "stacked", "normal", "1", "Predictions"),
            aggs(count("1"), terms("2", "segment", f, 20, "1"), terms("3", "group", "version", 10, "_key")),
            24, 12, PREDICTIONS, modelQuery);
        Panel drift = new Panel("cd4ml-" + m + "-drift-" + f, m + " drift of " + f + " (PSI, KS) per version", "line",
            xyParams("line", "normal", "normal", "1", "PSI"),
            aggs(metric("1", "max", "psi"), metric("2", "max", "ks"), dateHistogram("3", "segment", REPORTS.timeField()),
                terms("4", "group", "version", 10, "_key")),
            24, 12, REPORTS, "kind:\"feature\" and " + modelQuery + " and feature:\"" + f + "\"");
        // 100 % stacked: the positive label's share of each group is its predicted positive rate
        Panel protectedShare = new Panel("cd4ml-" + m + "-positive-rate-by-" + f,
            "Predicted label share per " + f + " (" + m + ", predicted positive rate)", "histogram",
            xyParams("histogram", "stacked", "percentage", "1", "Share of predictions"),
            aggs(count("1"), terms("2", "segment", f, 20, "_key"), terms("3", "group", "prediction", 20, "1")),
            24, 12, PREDICTIONS, modelQuery);
        ObjectNode board = dashboard("cd4ml-model-features-" + m, "Model features: " + m, "Per input feature of " + m
            + "'s signature: its live values and its drift judged by monitoring-service; per protected column of its "
            + "lineage: the predicted label share of each group (fairness). Generated by kibana/import.sh.", List.of());
        String boardLine = board.toString()
            .replace("\"panelsJSON\":\"[]\"", "\"panelsJSON\":\"[@PANELS@]\"")
            .replace("\"references\":[]", "\"references\":[@REFERENCES@]");
        return "numeric-input\t" + visualization(numeric) + "\n"
            + "categorical-input\t" + visualization(categorical) + "\n"
            + "drift\t" + visualization(drift) + "\n"
            + "protected\t" + visualization(protectedShare) + "\n"
            + "dashboard\t" + boardLine + "\n";
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
        Path template = Path.of(args.length > 1 ? args[1] : "kibana/cd4ml-feature-panels.template");
        Files.writeString(template, featureTemplate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target + " and " + template);
    }

    private static ObjectNode dataView(DataView v) {
        ObjectNode attributes = JSON.createObjectNode()
            .put("title", v.pattern())
            .put("timeFieldName", v.timeField())
            .put("fields", "[]");
        if (v == PREDICTIONS) {
            attributes.put("fieldFormatMap", "{\"latencyMs\":{\"id\":\"number\",\"params\":{\"pattern\":\"0,0.[00]\"}}}");
        }
        return savedObject(v.id(), "index-pattern", attributes, JSON.createArrayNode());
    }

    private static ObjectNode visualization(Panel p) {
        ObjectNode visState = JSON.createObjectNode().put("title", p.title()).put("type", p.visType());
        visState.set("params", p.params());
        visState.set("aggs", p.aggs());
        ObjectNode search = JSON.createObjectNode();
        search.putObject("query").put("query", p.query()).put("language", "kuery");
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
            .put("type", "index-pattern").put("id", p.dataView().id());
        return savedObject(p.id(), "visualization", attributes, references);
    }

    private static ObjectNode dashboard(String id, String title, String description, List<Panel> panels) {
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
            .put("title", title)
            .put("description", description)
            .put("hits", 0)
            .put("panelsJSON", write(panelsJson))
            .put("optionsJSON", "{\"useMargins\":true,\"syncColors\":false,\"hidePanelTitles\":false}")
            .put("version", 1)
            .put("timeRestore", true)
            .put("timeFrom", "now-24h")
            .put("timeTo", "now");
        attributes.putObject("refreshInterval").put("pause", false).put("value", 60000);
        attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", write(search));
        return savedObject(id, "dashboard", attributes, references);
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

    /** A single-value metric: avg, min, max of a field. */
    private static ObjectNode metric(String id, String type, String field) {
        ObjectNode a = agg(id, type, "metric");
        ((ObjectNode) a.get("params")).put("field", field);
        return a;
    }

    private static ObjectNode dateHistogram(String id, String schema) {
        return dateHistogram(id, schema, TIME_FIELD);
    }

    private static ObjectNode dateHistogram(String id, String schema, String field) {
        ObjectNode a = agg(id, "date_histogram", schema);
        ((ObjectNode) a.get("params")).put("field", field).put("useNormalizedEsInterval", true)
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
