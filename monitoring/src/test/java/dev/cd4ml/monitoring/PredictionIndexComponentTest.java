package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The index templates on the real embedded OpenSearch, and records exactly as serving-service emits
 * them arriving through Fluency → forward protocol → the local platform's bulk indexer; the stored
 * reports as monitoring-service writes them.
 */
class PredictionIndexComponentTest {

    @Test
    void setupScriptAppliesEveryTemplateAndCanRunAgain() throws Exception {
        String url = IndexedRecords.openSearch();
        String secondRun = IndexedRecords.runSetup(url); // idempotent: a second run succeeds and changes nothing

        assertThat(secondRun).contains("index template cd4ml-predictions applied", "index template cd4ml-feedback applied",
            "index template cd4ml-explanations applied", "index template cd4ml-monitoring applied",
            "index template cd4ml-rejections applied");
        for (String name : List.of("cd4ml-explanations", "cd4ml-monitoring", "cd4ml-rejections")) {
            assertThat(Http.get(url + "/_index_template/" + name).at("/index_templates/0/index_template/index_patterns").toString())
                .isEqualTo("[\"" + name + "-*\"]");
        }
        JsonNode predictions = Http.get(url + "/_index_template/cd4ml-predictions").at("/index_templates/0/index_template");
        assertThat(predictions.path("index_patterns").toString()).isEqualTo("[\"cd4ml-predictions-*\"]");
        assertThat(predictions.at("/template/mappings/properties/timestamp/type").asText()).isEqualTo("date");
        assertThat(predictions.at("/template/mappings/dynamic_templates").size()).isEqualTo(4);
        JsonNode feedback = Http.get(url + "/_index_template/cd4ml-feedback").at("/index_templates/0/index_template");
        assertThat(feedback.path("index_patterns").toString()).isEqualTo("[\"cd4ml-feedback-*\"]");
    }

    @Test
    void recordsLandInDailyIndicesNamedAfterTheirUtcDay() throws Exception {
        String url = IndexedRecords.openSearch();

        // 10 predictions on 2026-01-15 (23:xx UTC), 20 on the 16th; all feedback and rejections on the 16th;
        // explanations 2 and 4 (what serving logs through Fluentd; cd4ml-monitoring-* is written by monitoring-service,
        // another test here)
        assertThat(IndexedRecords.indices(url, "cd4ml-predictions-*,cd4ml-feedback-*,cd4ml-explanations-*,cd4ml-rejections-*"))
            .containsExactly("cd4ml-explanations-2026.01.15=2", "cd4ml-explanations-2026.01.16=4",
            "cd4ml-feedback-2026.01.16=10", "cd4ml-predictions-2026.01.15=10", "cd4ml-predictions-2026.01.16=20",
            "cd4ml-rejections-2026.01.16=4");
    }

    @Test
    void predictionFieldsGetTheIntendedTypes() throws Exception {
        String url = IndexedRecords.openSearch();
        JsonNode mappings = Http.get(url + "/cd4ml-predictions-*/_mapping");

        assertThat(mappings.size()).isEqualTo(2);
        for (JsonNode index : mappings) {
            JsonNode p = index.at("/mappings/properties");
            Map<String, String> expected = Map.ofEntries(
                Map.entry("timestamp", "date"), Map.entry("@timestamp", "date"),
                Map.entry("requestId", "keyword"), Map.entry("environment", "keyword"), Map.entry("model", "keyword"),
                Map.entry("version", "keyword"), Map.entry("prediction", "keyword"),
                Map.entry("sex", "keyword"), Map.entry("age_band", "keyword"),
                Map.entry("age", "double"), Map.entry("income", "double"), Map.entry("loan_amount", "double"),
                Map.entry("credit_score", "double"), Map.entry("debt_to_income", "double"),
                Map.entry("employment", "keyword"), Map.entry("region", "keyword"),
                Map.entry("latencyMs", "double"),
                Map.entry("shadowVersion", "keyword"), Map.entry("shadowPrediction", "keyword"),
                Map.entry("shadowAgreement", "boolean"), Map.entry("unknownCategories", "keyword"),
                // written by monitoring-service onto the prediction its feedback labels
                Map.entry("actual", "keyword"), Map.entry("labelledAt", "date"),
                // not named by the template: typed by its dynamic templates
                Map.entry("savings", "double"), Map.entry("dependents", "double"), Map.entry("channel", "keyword"));
            expected.forEach((field, type) ->
                assertThat(p.path(field).path("type").asText()).as(field).isEqualTo(type));
            // no text fields anywhere: everything is aggregatable as it is
            assertThat(p.toString()).doesNotContain("\"text\"");
        }
        JsonNode secondDay = mappings.path("cd4ml-predictions-2026.01.16").at("/mappings/properties");
        assertThat(secondDay.at("/probabilities/properties/yes/type").asText()).isEqualTo("double");
        assertThat(secondDay.at("/batchId/type").asText()).isEqualTo("keyword");
    }

    @Test
    void feedbackFieldsGetTheIntendedTypes() throws Exception {
        String url = IndexedRecords.openSearch();
        JsonNode p = Http.get(url + "/cd4ml-feedback-2026.01.16/_mapping").at("/cd4ml-feedback-2026.01.16/mappings/properties");

        assertThat(p.at("/timestamp/type").asText()).isEqualTo("date");
        assertThat(p.at("/requestId/type").asText()).isEqualTo("keyword");
        assertThat(p.at("/actual/type").asText()).isEqualTo("keyword");
        assertThat(p.at("/version/type").asText()).isEqualTo("keyword");
    }

    @Test
    void explanationsAreTypedSoHowOftenAFeatureDrivesPredictionsIsOneAggregation() throws Exception {
        String url = IndexedRecords.openSearch();
        JsonNode p = Http.get(url + "/cd4ml-explanations-2026.01.16/_mapping").at("/cd4ml-explanations-2026.01.16/mappings/properties");

        Map.of("timestamp", "date", "requestId", "keyword", "environment", "keyword", "model", "keyword", "version", "keyword",
            "prediction", "keyword", "method", "keyword", "drivers", "keyword")
            .forEach((field, type) -> assertThat(p.path(field).path("type").asText()).as(field).isEqualTo(type));
        for (String weight : List.of("credit_score", "income", "employment")) {
            assertThat(p.at("/weights/properties/" + weight + "/type").asText()).as("weights." + weight).isEqualTo("double");
        }
        JsonNode answer = Http.post(url + "/cd4ml-explanations-*/_search", """
            {"size": 0, "query": {"term": {"model": "credit-risk"}},
             "aggs": {"drivers": {"terms": {"field": "drivers"}},
                      "methods": {"terms": {"field": "method"}},
                      "top": {"filter": {"term": {"method": "lime"}}, "aggs": {"income": {"avg": {"field": "weights.income"}}}}}}""");
        Map<String, Long> drivers = new java.util.LinkedHashMap<>();
        answer.at("/aggregations/drivers/buckets").forEach(b -> drivers.put(b.path("key").asText(), b.path("doc_count").asLong()));
        assertThat(drivers).containsExactly(Map.entry("credit_score", 6L), Map.entry("income", 5L), Map.entry("age", 4L),
            Map.entry("employment", 2L));
        assertThat(answer.at("/aggregations/methods/buckets").toString()).contains("\"decision-path\"", "\"lime\"");
        // LIME ran for i = 0 and 15: income weights 0.17 and 0.32
        assertThat(answer.at("/aggregations/top/income/value").asDouble()).isEqualTo(0.245, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rejectionsAreTypedSoAVersionsRefusedRequestsAreOneCount() throws Exception {
        String url = IndexedRecords.openSearch();
        JsonNode p = Http.get(url + "/cd4ml-rejections-2026.01.16/_mapping").at("/cd4ml-rejections-2026.01.16/mappings/properties");
        Map.ofEntries(Map.entry("timestamp", "date"), Map.entry("requestId", "keyword"), Map.entry("environment", "keyword"),
                Map.entry("model", "keyword"), Map.entry("version", "keyword"), Map.entry("endpoint", "keyword"),
                Map.entry("status", "integer"), Map.entry("problemType", "keyword"), Map.entry("fields", "keyword"),
                Map.entry("row", "long"), Map.entry("column", "integer"), Map.entry("batchId", "keyword"))
            .forEach((field, type) -> assertThat(p.path(field).path("type").asText()).as(field).isEqualTo(type));
        // monitoring-service's count (RejectionQuery): model, environment, version (a number sent, a keyword stored), window
        JsonNode count = Http.post(url + "/cd4ml-rejections-*/_search", """
            {"size": 0, "track_total_hits": true, "query": {"bool": {"filter": [
              {"term": {"model": "credit-risk"}}, {"term": {"environment": "production"}}, {"term": {"version": "1"}},
              {"range": {"timestamp": {"gte": "2026-01-16T00:00:00Z", "lt": "2026-01-17T00:00:00Z"}}}]}},
             "aggs": {"fields": {"terms": {"field": "fields"}}, "types": {"terms": {"field": "problemType"}}}}""");
        assertThat(count.at("/hits/total/value").asLong()).isEqualTo(3);
        Map<String, Long> fields = new java.util.LinkedHashMap<>();
        count.at("/aggregations/fields/buckets").forEach(b -> fields.put(b.path("key").asText(), b.path("doc_count").asLong()));
        assertThat(fields).containsExactly(Map.entry("features.age", 2L), Map.entry("features.colour", 1L));
        assertThat(count.at("/aggregations/types/buckets").toString()).contains("\"malformed-json\"", "\"validation\"");
    }

    @Test
    void storedReportsAreFlatRowsKibanaCanAggregate() throws Exception {
        String url = IndexedRecords.openSearch();
        String index = "cd4ml-monitoring-2026.01.16";
        // one report of version 2 in production, as monitoring-service's evaluation writes it (monitoring/README.md)
        String common = "\"reportId\":\"r-1\",\"model\":\"credit-risk\",\"environment\":\"production\",\"version\":\"2\","
            + "\"windowFrom\":\"2026-01-16T00:00:00Z\",\"windowTo\":\"2026-01-16T01:00:00Z\",\"generatedAt\":\"2026-01-16T01:00:05.123Z\"";
        StringBuilder bulk = new StringBuilder();
        for (String doc : List.of(
            "\"kind\":\"report\",\"status\":\"alert\",\"predictions\":1200,\"labelled\":300,\"labelledShare\":0.25,"
                + "\"unknownCategories\":3,\"rejected\":2,\"accuracy\":0.81,\"macroF1\":0.77,\"heldOutAccuracy\":0.86,"
                + "\"qualityStatus\":\"warn\",\"predictionPsi\":0.04,\"predictionStatus\":\"ok\",\"shadowAgreement\":0.93,"
                + "\"maxFairnessGap\":0.12,\"fairnessStatus\":\"warn\"",
            "\"kind\":\"feature\",\"feature\":\"income\",\"featureType\":\"numeric\",\"status\":\"alert\",\"rule\":\"psi >= 0.25\","
                + "\"psi\":0.31,\"ks\":0.22,\"missingRate\":0,\"trainingMissingRate\":0",
            "\"kind\":\"feature\",\"feature\":\"region\",\"featureType\":\"categorical\",\"status\":\"ok\",\"psi\":0.02,"
                + "\"missingRate\":0.01,\"trainingMissingRate\":0.01",
            "\"kind\":\"fairness\",\"column\":\"sex\",\"metric\":\"positiveRate\",\"status\":\"warn\",\"gap\":0.12,"
                + "\"groups\":{\"female\":0.31,\"male\":0.19}")) {
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n{").append(common).append(',').append(doc).append("}\n");
        }
        JsonNode indexed = Http.post(url + "/_bulk?refresh=true", bulk.toString());
        assertThat(indexed.path("errors").asBoolean()).as(indexed.toString()).isFalse();

        JsonNode p = Http.get(url + "/" + index + "/_mapping").at("/" + index + "/mappings/properties");
        Map.ofEntries(Map.entry("kind", "keyword"), Map.entry("version", "keyword"), Map.entry("generatedAt", "date"),
            Map.entry("windowFrom", "date"), Map.entry("status", "keyword"), Map.entry("predictions", "long"),
            Map.entry("accuracy", "double"), Map.entry("feature", "keyword"), Map.entry("psi", "double"),
            Map.entry("ks", "double"), Map.entry("missingRate", "double"), Map.entry("gap", "double"),
            Map.entry("rule", "keyword"), Map.entry("column", "keyword"))
            .forEach((field, type) -> assertThat(p.path(field).path("type").asText()).as(field).isEqualTo(type));
        assertThat(p.at("/groups/properties/female/type").asText()).isEqualTo("double");
        assertThat(p.toString()).doesNotContain("\"text\"").doesNotContain("\"nested\"");

        // drift history per feature: the worst PSI of each feature's rows, one terms aggregation
        JsonNode answer = Http.post(url + "/cd4ml-monitoring-*/_search", """
            {"size": 0, "query": {"bool": {"filter": [{"term": {"kind": "feature"}}, {"term": {"reportId": "r-1"}}]}},
             "aggs": {"features": {"terms": {"field": "feature", "order": {"psi": "desc"}}, "aggs": {"psi": {"max": {"field": "psi"}}}}}}""");
        JsonNode buckets = answer.at("/aggregations/features/buckets");
        assertThat(buckets.get(0).path("key").asText()).isEqualTo("income");
        assertThat(buckets.get(0).at("/psi/value").asDouble()).isEqualTo(0.31, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(buckets.get(1).path("key").asText()).isEqualTo("region");
    }

    @Test
    void aPredictionReadsBackAsServingSentIt() throws Exception {
        String url = IndexedRecords.openSearch();
        JsonNode hit = Http.post(url + "/cd4ml-predictions-*/_search",
            "{\"query\":{\"term\":{\"requestId\":\"req-03\"}}}").at("/hits/hits/0/_source");

        assertThat(hit.path("version").asInt()).isEqualTo(2);
        assertThat(hit.path("timestamp").asText()).isEqualTo(ServingRecords.time(3).toString());
        assertThat(hit.at("/probabilities/no").asDouble()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hit.path("shadowAgreement").asBoolean()).isTrue();
        assertThat(hit.path("@timestamp").asText()).isNotEmpty();
    }
}
