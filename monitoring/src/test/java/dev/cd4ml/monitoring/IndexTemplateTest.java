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
        return Http.JSON.readTree(Repo.read("monitoring/elasticsearch/cd4ml-predictions.index-template.json"))
            .at("/template/mappings/properties");
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

        KibanaObjects.FEATURES.forEach((feature, interval) -> assertThat(properties.at("/" + feature + "/type").asText())
            .as(feature).isEqualTo(interval == null ? "keyword" : "double"));
        for (String column : KibanaObjects.PROTECTED) {
            assertThat(properties.at("/" + column + "/type").asText()).isEqualTo("keyword");
        }
        assertThat(properties.at("/" + KibanaObjects.TIME_FIELD + "/type").asText()).isEqualTo("date");
    }
}
