package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The template against what serving writes and what the dashboard reads (no server needed). */
class IndexTemplateTest {

    static JsonNode properties() throws Exception {
        return Http.JSON.readTree(Repo.read("monitoring/elasticsearch/cd4ml-predictions.index-template.json"))
            .at("/template/mappings/properties");
    }

    /** The record fields serving-service reserves (PredictionRecord.RESERVED), read from its source. */
    static List<String> servingRecordFields() {
        String source = Repo.read("serving-service/src/main/java/dev/cd4ml/serving/domain/PredictionRecord.java");
        Matcher set = Pattern.compile("RESERVED\\s*=\\s*Set\\.of\\(([^)]*)\\)", Pattern.DOTALL).matcher(source);
        assertThat(set.find()).as("PredictionRecord.RESERVED in serving-service").isTrue();
        List<String> fields = new ArrayList<>();
        Matcher name = Pattern.compile("\"([^\"]+)\"").matcher(set.group(1));
        while (name.find()) {
            fields.add(name.group(1));
        }
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

        KibanaObjects.FEATURES.forEach((feature, interval) -> assertThat(properties.at("/" + feature + "/type").asText())
            .as(feature).isEqualTo(interval == null ? "keyword" : "double"));
        for (String column : KibanaObjects.PROTECTED) {
            assertThat(properties.at("/" + column + "/type").asText()).isEqualTo("keyword");
        }
        assertThat(properties.at("/" + KibanaObjects.TIME_FIELD + "/type").asText()).isEqualTo("date");
    }
}
