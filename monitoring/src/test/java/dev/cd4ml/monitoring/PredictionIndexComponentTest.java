package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The index templates on the real embedded OpenSearch, and records exactly as serving-service emits
 * them arriving through Fluency → forward protocol → the local platform's bulk indexer.
 */
class PredictionIndexComponentTest {

    @Test
    void setupScriptAppliesBothTemplatesAndCanRunAgain() throws Exception {
        String url = IndexedRecords.openSearch();
        String secondRun = IndexedRecords.runSetup(url); // idempotent: a second run succeeds and changes nothing

        assertThat(secondRun).contains("index template cd4ml-predictions applied", "index template cd4ml-feedback applied");
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

        // 10 predictions on 2026-01-15 (23:xx UTC), 20 on the 16th; all feedback on the 16th
        assertThat(IndexedRecords.indices(url, "cd4ml-*"))
            .containsExactly("cd4ml-feedback-2026.01.16=10", "cd4ml-predictions-2026.01.15=10", "cd4ml-predictions-2026.01.16=20");
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
