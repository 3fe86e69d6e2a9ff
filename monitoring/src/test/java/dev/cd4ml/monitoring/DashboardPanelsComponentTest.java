package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every panel of the shipped dashboards (kibana/cd4ml-monitoring.ndjson) and of the feature and
 * protected-column panels the import step generates from the demo model's version: its aggregation
 * runs on the real OpenSearch over the indexed records of its data view and answers what the records
 * say. Another model's generated protected-column panels run too, on its own predictions.
 */
class DashboardPanelsComponentTest {

    static Stream<PanelQuery> panels() throws Exception {
        return Stream.concat(PanelQuery.fromNdjson(Repo.read("monitoring/kibana/cd4ml-monitoring.ndjson")).stream(),
            PanelQuery.fromNdjson(GeneratedFeaturePanels.ndjson(GeneratedFeaturePanels.DEMO)).stream());
    }

    static Map<List<String>, Map<String, Double>> run(String id) throws Exception {
        PanelQuery panel = panels().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        return panel.rows(Http.post(IndexedRecords.openSearch() + "/" + pattern(panel) + "/_search", panel.searchBody().toString()));
    }

    static String pattern(PanelQuery panel) {
        return KibanaObjects.DATA_VIEWS.stream().filter(v -> v.id().equals(panel.dataView())).findFirst().orElseThrow().pattern();
    }

    /** The records of a panel's data view, as they were sent (or, for stored reports, as the index holds them). */
    static List<Map<String, Object>> records(PanelQuery panel) throws Exception {
        return switch (panel.dataView()) {
            case "cd4ml-predictions" -> ServingRecords.predictions();
            case "cd4ml-feedback" -> ServingRecords.feedback();
            case "cd4ml-explanations" -> ServingRecords.explanations();
            default -> {
                // every stored-report document, whichever test of this JVM wrote it
                JsonNode hits = Http.post(IndexedRecords.openSearch() + "/cd4ml-monitoring-*/_search",
                    "{\"size\":1000,\"query\":{\"match_all\":{}}}").at("/hits/hits");
                List<Map<String, Object>> docs = new java.util.ArrayList<>();
                hits.forEach(h -> docs.add(Http.JSON.convertValue(h.path("_source"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })));
                yield docs;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panels")
    void panelAnswersWhatTheRecordsSay(PanelQuery panel) throws Exception {
        Map<List<String>, Map<String, Double>> actual = panel.rows(Http.post(
            IndexedRecords.openSearch() + "/" + pattern(panel) + "/_search", panel.searchBody().toString()));
        Map<List<String>, Map<String, Double>> expected = panel.expected(records(panel));

        assertThat(actual).as(panel.title()).isNotEmpty();
        assertThat(actual.keySet()).as(panel.title()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((keys, values) -> values.forEach((metric, value) -> {
            // percentiles are estimates (t-digest; latencies are 1 ms apart); a mean may differ in its last bits
            double tolerance = metric.matches("p\\d+") ? 1.0 : metric.startsWith("avg:") ? 1e-9 : 0.0;
            assertThat(actual.get(keys).get(metric)).as(panel.title() + " " + keys + " " + metric).isCloseTo(value, within(tolerance));
        }));
    }

    @Test
    void predictionsOverTimePerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-predictions-over-time");

        // three hours of 10 predictions; version 2 serves every third request
        assertThat(rows).hasSize(6);
        assertThat(rows.get(List.of("2026-01-15T23:00:00Z", "1")).get("count")).isEqualTo(6.0);
        assertThat(rows.get(List.of("2026-01-15T23:00:00Z", "2")).get("count")).isEqualTo(4.0);
        assertThat(rows.get(List.of("2026-01-16T01:00:00Z", "2")).get("count")).isEqualTo(3.0);
    }

    @Test
    void predictedLabelsPerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-predicted-labels-per-version");

        // yes for i = 0, 5, 7, 10, 14, 15, 20, 21, 25, 28; version 2 for i % 3 == 0
        assertThat(rows.get(List.of("1", "yes")).get("count")).isEqualTo(7.0);
        assertThat(rows.get(List.of("1", "no")).get("count")).isEqualTo(13.0);
        assertThat(rows.get(List.of("2", "yes")).get("count")).isEqualTo(3.0); // 0, 15, 21
        assertThat(rows.get(List.of("2", "no")).get("count")).isEqualTo(7.0);
    }

    @Test
    void latencyPercentilesPerHour() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-latency-percentiles");

        // first hour: 1.25 .. 10.25 ms
        Map<String, Double> first = rows.get(List.of("2026-01-15T23:00:00Z"));
        assertThat(first.get("p50")).isCloseTo(5.75, within(1.0));
        assertThat(first.get("p99")).isCloseTo(10.25, within(0.5));
    }

    @Test
    void shadowAgreementRate() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-shadow-agreement");

        // 15 predictions ran a shadow, 4 disagreed: agreement 11/15
        assertThat(rows.get(List.of("true")).get("count")).isEqualTo(11.0);
        assertThat(rows.get(List.of("false")).get("count")).isEqualTo(4.0);
    }

    @Test
    void generatedPositiveRatePerProtectedGroupOfTheDemoModel() throws Exception {
        Map<List<String>, Map<String, Double>> bySex = run("cd4ml-credit-risk-positive-rate-by-sex");

        // female (even i): yes for 0, 10, 14, 20, 28 -> 5/15; male: 5, 7, 15, 21, 25 -> 5/15
        assertThat(rate(bySex, "female")).isEqualTo(5.0 / 15);
        assertThat(rate(bySex, "male")).isEqualTo(5.0 / 15);
        Map<List<String>, Map<String, Double>> byAge = run("cd4ml-credit-risk-positive-rate-by-age_band");
        // 18-25 is i % 5 == 0: always yes
        assertThat(rate(byAge, "18-25")).isEqualTo(1.0);
        // 26-35 is i % 5 == 1 (1, 6, 11, 16, 21, 26): yes only for 21
        assertThat(rate(byAge, "26-35")).isEqualTo(1.0 / 6);
    }

    /**
     * The other model's panels per protected column (channel, region): on the predictions data view they
     * find none of the demo model's predictions (which carry a channel too); on an index shaped by the
     * same template holding that model's predictions beside one of the demo model's, they give its rates.
     */
    @Test
    void generatedPositiveRatePerProtectedGroupOfAnotherModel() throws Exception {
        List<PanelQuery> panels = PanelQuery.fromNdjson(GeneratedFeaturePanels.ndjson(GeneratedFeaturePanels.OTHER));
        PanelQuery byChannel = panels.stream().filter(p -> p.id().equals("cd4ml-churn-positive-rate-by-channel")).findFirst().orElseThrow();
        PanelQuery byRegion = panels.stream().filter(p -> p.id().equals("cd4ml-churn-positive-rate-by-region")).findFirst().orElseThrow();
        String os = IndexedRecords.openSearch();
        assertThat(ServingRecords.predictions()).allSatisfy(r -> assertThat(r).containsKey("channel"));
        assertThat(byChannel.rows(Http.post(os + "/" + pattern(byChannel) + "/_search", byChannel.searchBody().toString()))).isEmpty();

        // an index of its own (outside the data view, so no other panel sees it), mapped as the predictions template maps
        String index = "cd4ml-churn-check";
        JsonNode mappings = Http.get(os + "/_index_template/cd4ml-predictions").at("/index_templates/0/index_template/template/mappings");
        assertThat(mappings.isObject()).isTrue();
        Http.send("PUT", os + "/" + index, "{\"mappings\":" + mappings + "}");
        String[][] rows = {{"churn", "web", "north", "yes"}, {"churn", "web", "south", "no"}, {"churn", "web", "north", "no"},
            {"churn", "branch", "south", "yes"}, {"churn", "branch", "north", "yes"}, {"churn", "app", "south", "no"},
            {ServingRecords.MODEL, "web", "south", "yes"}};
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> r = Map.of("requestId", "churn-" + i, "timestamp", "2026-03-01T10:0" + i + ":00Z", "model", rows[i][0],
                "version", "1", "channel", rows[i][1], "region", rows[i][2], "prediction", rows[i][3]);
            records.add(r);
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n").append(Http.JSON.writeValueAsString(r)).append('\n');
        }
        JsonNode indexed = Http.post(os + "/_bulk?refresh=true", bulk.toString());
        assertThat(indexed.path("errors").asBoolean()).as(indexed.toString()).isFalse();

        Map<List<String>, Map<String, Double>> channel = byChannel.rows(Http.post(os + "/" + index + "/_search", byChannel.searchBody().toString()));
        assertThat(channel).isEqualTo(byChannel.expected(records));
        assertThat(rate(channel, "web")).isEqualTo(1.0 / 3); // the demo model's web "yes" is not counted
        assertThat(rate(channel, "branch")).isEqualTo(1.0);
        assertThat(rate(channel, "app")).isEqualTo(0.0);
        Map<List<String>, Map<String, Double>> region = byRegion.rows(Http.post(os + "/" + index + "/_search", byRegion.searchBody().toString()));
        assertThat(region).isEqualTo(byRegion.expected(records));
        assertThat(rate(region, "north")).isEqualTo(2.0 / 3);
        assertThat(rate(region, "south")).isEqualTo(1.0 / 3);
    }

    private static double rate(Map<List<String>, Map<String, Double>> rows, String group) {
        double yes = rows.getOrDefault(List.of(group, "yes"), Map.of("count", 0.0)).get("count");
        double no = rows.getOrDefault(List.of(group, "no"), Map.of("count", 0.0)).get("count");
        return yes / (yes + no);
    }

    static final String H0 = "2026-02-01T10:00:00Z";
    static final String H1 = "2026-02-01T11:00:00Z";
    static final String H2 = "2026-02-01T12:00:00Z";

    @Test
    void generatedNumericFeaturePanelSkipsMissingValues() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-credit-risk-input-age");

        // first hour: i = 0..9, age 20.0 + 1.5 i, unknown for i = 4
        Map<String, Double> first = rows.get(List.of("2026-01-15T23:00:00Z"));
        assertThat(first.get("min:age")).isEqualTo(20.0);
        assertThat(first.get("max:age")).isEqualTo(33.5);
        assertThat(first.get("avg:age")).isCloseTo((20.0 * 9 + 1.5 * (45 - 4)) / 9, within(1e-9));
    }

    @Test
    void generatedCategoricalFeaturePanelCountsPerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-credit-risk-input-purpose");

        // purpose = i % 4 == 0 -> car: i = 0, 4, ..., 28 (8); version 2 when i % 3 == 0: 0, 12, 24
        assertThat(rows.get(List.of("car", "2")).get("count")).isEqualTo(3.0);
        assertThat(rows.get(List.of("car", "1")).get("count")).isEqualTo(5.0);
    }

    @Test
    void generatedDriftPanelFollowsOneFeaturePerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> age = run("cd4ml-credit-risk-drift-age");

        // psi 0.05 (h + 1) v, ks 0.04 (h + 1) v
        assertThat(age.get(List.of(H2, "2")).get("max:psi")).isCloseTo(0.3, within(1e-12));
        assertThat(age.get(List.of(H0, "1")).get("max:ks")).isCloseTo(0.04, within(1e-12));
        Map<List<String>, Map<String, Double>> sex = run("cd4ml-credit-risk-drift-sex");
        assertThat(sex.get(List.of(H1, "2")).get("max:psi")).isCloseTo(0.02, within(1e-12));
        assertThat(sex.get(List.of(H1, "2"))).as("a categorical feature has no KS").doesNotContainKey("max:ks");
    }

    @Test
    void modelHealthDriftPerFeatureIsTheWorstVersionsPsi() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-health-drift-psi");

        assertThat(rows.get(List.of(H0, "age")).get("max:psi")).isCloseTo(0.1, within(1e-12)); // v2 at h = 0
        assertThat(rows.get(List.of(H2, "age")).get("max:psi")).isCloseTo(0.3, within(1e-12));
        assertThat(rows.get(List.of(H2, "sex")).get("max:psi")).isCloseTo(0.02, within(1e-12));
        assertThat(run("cd4ml-health-drift-ks").get(List.of(H1, "age")).get("max:ks")).isCloseTo(0.16, within(1e-12));
    }

    @Test
    void modelHealthFairnessGapsPerColumnAndRate() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-health-fairness-gaps");

        // positiveRate gap 0.05 (h + 1) v / 2, worst version 2; accuracy gap 0.03 v
        assertThat(rows.get(List.of(H2, "sex", "positiveRate")).get("max:gap")).isCloseTo(0.15, within(1e-12));
        assertThat(rows.get(List.of(H0, "sex", "accuracy")).get("max:gap")).isCloseTo(0.06, within(1e-12));
    }

    @Test
    void modelHealthOnlineAccuracyAndLabelledSharePerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> accuracy = run("cd4ml-health-online-accuracy");

        assertThat(accuracy.get(List.of(H1, "1")).get("avg:accuracy")).isCloseTo(0.88, within(1e-12));
        assertThat(accuracy.get(List.of(H2, "2")).get("avg:accuracy")).isCloseTo(0.87, within(1e-12));
        assertThat(run("cd4ml-health-labelled-share").get(List.of(H2, "1")).get("avg:labelledShare")).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void modelHealthShadowAgainstPrimary() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-health-shadow-vs-primary");

        // only version 1 ran a shadow
        assertThat(rows.get(List.of(H2)).get("avg:shadowAccuracy")).isCloseTo(0.9, within(1e-12));
        assertThat(rows.get(List.of(H2)).get("avg:primaryAccuracy")).isCloseTo(0.84, within(1e-12));
        assertThat(rows.get(List.of(H0)).get("avg:shadowAgreement")).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void modelHealthExplanationFeaturesPerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-health-explanation-drivers");

        // credit_score drives all 6 (version 2 for i = 0, 15: 2; version 1: 4), employment only version 2's LIME
        assertThat(rows.get(List.of("credit_score", "1")).get("count")).isEqualTo(4.0);
        assertThat(rows.get(List.of("credit_score", "2")).get("count")).isEqualTo(2.0);
        assertThat(rows.get(List.of("employment", "2")).get("count")).isEqualTo(2.0);
        assertThat(rows).doesNotContainKey(List.of("employment", "1"));
    }

    @Test
    void modelHealthFeedbackPerVersion() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-health-feedback");

        // every third request, an hour later: i = 0, 3, 6, 9 -> 2026-01-16T00:xx
        assertThat(rows.get(List.of("2026-01-16T00:00:00Z", "2")).get("count")).isEqualTo(4.0);
        assertThat(rows.values().stream().mapToDouble(v -> v.get("count")).sum()).isEqualTo(10.0);
    }
}
