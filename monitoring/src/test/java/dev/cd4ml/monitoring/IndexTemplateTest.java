package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;

/** The template against what serving writes and what the dashboard reads (no server needed). */
class IndexTemplateTest {

    static JsonNode properties() throws Exception {
        return template("cd4ml-predictions").at("/template/mappings/properties");
    }

    static JsonNode template(String name) throws Exception {
        return Http.JSON.readTree(Repo.read("monitoring/elasticsearch/" + name + ".index-template.json"));
    }

    /** The templates setup.sh and the local forward part apply: every file of monitoring/elasticsearch. */
    static List<String> templateNames() throws Exception {
        try (var files = java.nio.file.Files.list(Repo.path("monitoring/elasticsearch"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".index-template.json"))
                .map(n -> n.replace(".index-template.json", "")).sorted().toList();
        }
    }

    /**
     * The record fields serving-service's PredictionRecord writes: the PredictionLogFields constants it
     * encodes as keys, read from its source.
     */
    static List<String> servingRecordFields() throws Exception {
        String source = Repo.read("serving-service/src/main/java/dev/cd4ml/serving/domain/PredictionRecord.java");
        Matcher key = Pattern.compile("K_\\w+\\s*=\\s*MsgPackWriter\\.encode\\((\\w+)\\)").matcher(source);
        List<String> fields = new ArrayList<>();
        while (key.find()) {
            fields.add((String) PredictionLogFields.class.getField(key.group(1)).get(null));
        }
        assertThat(fields).as("PredictionRecord's keys in serving-service").isNotEmpty();
        return fields;
    }

    @Test
    void everyFieldServingWritesIsMappedExplicitly() throws Exception {
        JsonNode properties = properties();
        List<String> fields = servingRecordFields();

        assertThat(fields).contains("timestamp", "version", "prediction", "latencyMs", "shadowAgreement");
        for (String field : fields) {
            assertThat(properties.has(field)).as("template maps " + field).isTrue();
        }
        assertThat(properties.at("/shadowAgreement/type").asText()).isEqualTo("boolean");
    }

    @Test
    void dashboardFieldsHaveTheTypesTheirAggregationsNeed() throws Exception {
        JsonNode properties = properties();

        // the demo features the generated feature panels are checked with: min/avg/max need doubles, terms keywords
        GeneratedFeaturePanels.FEATURES.forEach((feature, kind) -> assertThat(properties.at("/" + feature + "/type").asText())
            .as(feature).isEqualTo(kind.equals("categorical") ? "keyword" : "double"));
        for (String column : GeneratedFeaturePanels.PROTECTED) {
            assertThat(properties.at("/" + column + "/type").asText()).isEqualTo("keyword");
        }
        assertThat(properties.at("/" + KibanaObjects.TIME_FIELD + "/type").asText()).isEqualTo("date");
    }

    @Test
    void everyTemplateShapesTheIndicesNamedAfterIt() throws Exception {
        assertThat(templateNames()).containsExactly("cd4ml-explanations", "cd4ml-feedback", "cd4ml-monitoring", "cd4ml-predictions",
            "cd4ml-rejections");
        for (String name : templateNames()) {
            JsonNode t = template(name);
            assertThat(t.path("index_patterns").toString()).as(name).isEqualTo("[\"" + name + "-*\"]");
            assertThat(t.at("/template/mappings/date_detection").asBoolean(true)).as(name + " date_detection").isFalse();
            // strings are keywords, never analysed text: everything is aggregatable as it is
            assertThat(t.toString()).as(name).doesNotContain("\"text\"");
        }
    }

    @Test
    void rejectionsMapWhereTheProblemWasForCountsAndTerms() throws Exception {
        JsonNode properties = template("cd4ml-rejections").at("/template/mappings/properties");
        // the keys monitoring-service's count filters on, as on predictions
        for (String field : List.of("model", "environment", "version", "requestId", "problemType", "fields", "endpoint")) {
            assertThat(properties.at("/" + field + "/type").asText()).as(field).isEqualTo("keyword");
        }
        assertThat(properties.at("/timestamp/type").asText()).isEqualTo("date");
        assertThat(properties.at("/status/type").asText()).isEqualTo("integer");
        assertThat(properties.at("/row/type").asText()).isEqualTo("long");
    }

    @Test
    void predictionsCarryTheLabelMonitoringJoinsOntoThem() throws Exception {
        JsonNode properties = properties();

        assertThat(properties.at("/actual/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/labelledAt/type").asText()).isEqualTo("date");
        // the label is the same type as the prediction it is compared with
        assertThat(properties.at("/prediction/type").asText()).isEqualTo("keyword");
    }

    @Test
    void explanationsMapDriversAsKeywordsAndWeightsAsDoubles() throws Exception {
        JsonNode mappings = template("cd4ml-explanations").at("/template/mappings");
        JsonNode p = mappings.path("properties");

        for (String keyword : List.of("requestId", "environment", "model", "version", "prediction", "method", "drivers")) {
            assertThat(p.at("/" + keyword + "/type").asText()).as(keyword).isEqualTo("keyword");
        }
        assertThat(p.at("/timestamp/type").asText()).isEqualTo("date");
        assertThat(p.at("/weights/type").asText()).isEqualTo("object");
        JsonNode weights = mappings.path("dynamic_templates").get(0).path("feature_weights");
        assertThat(weights.path("path_match").asText()).isEqualTo("weights.*");
        assertThat(weights.at("/mapping/type").asText()).isEqualTo("double");
    }

    @Test
    void storedReportsAreFlatWithEveryDocumentedField() throws Exception {
        JsonNode p = template("cd4ml-monitoring").at("/template/mappings/properties");
        String readme = Repo.read("monitoring/README.md");

        // the shape monitoring/README.md documents is the one the template maps, field by field
        Matcher row = Pattern.compile("(?m)^\\| `([a-zA-Z0-9]+)` \\| (keyword|date|double|long|object) \\|").matcher(
            readme.substring(readme.indexOf("## Stored reports")));
        List<String> documented = new ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1));
            assertThat(p.at("/" + row.group(1) + "/type").asText()).as(row.group(1)).isEqualTo(row.group(2));
        }
        List<String> mapped = new ArrayList<>();
        p.fieldNames().forEachRemaining(mapped::add);
        assertThat(documented).as("fields documented in monitoring/README.md").containsExactlyInAnyOrderElementsOf(mapped);
        assertThat(p.toString()).doesNotContain("\"nested\"");
        for (String field : List.of("kind", "reportId", "model", "environment", "version", "status")) {
            assertThat(p.at("/" + field + "/type").asText()).as(field).isEqualTo("keyword");
        }
        for (String field : List.of("windowFrom", "windowTo", "generatedAt")) {
            assertThat(p.at("/" + field + "/type").asText()).as(field).isEqualTo("date");
        }
    }
}
