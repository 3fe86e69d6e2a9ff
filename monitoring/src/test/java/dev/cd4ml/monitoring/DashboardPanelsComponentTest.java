package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every panel of the shipped dashboard (kibana/cd4ml-monitoring.ndjson): its aggregation runs on the
 * real OpenSearch over the indexed records and answers what the records say.
 */
class DashboardPanelsComponentTest {

    static Stream<PanelQuery> panels() {
        return PanelQuery.fromNdjson(Repo.read("monitoring/kibana/cd4ml-monitoring.ndjson")).stream();
    }

    static Map<List<String>, Map<String, Double>> run(String id) throws Exception {
        PanelQuery panel = panels().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        return panel.rows(Http.post(IndexedRecords.openSearch() + "/" + KibanaObjects.DATA_VIEW_PATTERN + "/_search",
            panel.searchBody().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panels")
    void panelAnswersWhatTheRecordsSay(PanelQuery panel) throws Exception {
        Map<List<String>, Map<String, Double>> actual = panel.rows(Http.post(
            IndexedRecords.openSearch() + "/" + KibanaObjects.DATA_VIEW_PATTERN + "/_search", panel.searchBody().toString()));
        Map<List<String>, Map<String, Double>> expected = panel.expected(ServingRecords.predictions());

        assertThat(actual).as(panel.title()).isNotEmpty();
        assertThat(actual.keySet()).as(panel.title()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((keys, values) -> values.forEach((metric, value) -> {
            double tolerance = metric.startsWith("p") ? 1.0 : 0.0; // percentiles are estimates (t-digest); latencies are 1 ms apart
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
    void predictedPositiveRatePerProtectedGroup() throws Exception {
        Map<List<String>, Map<String, Double>> bySex = run("cd4ml-positive-rate-by-sex");

        // female (even i): yes for 0, 10, 14, 20, 28 -> 5/15; male: 5, 7, 15, 21, 25 -> 5/15
        assertThat(rate(bySex, "female")).isEqualTo(5.0 / 15);
        assertThat(rate(bySex, "male")).isEqualTo(5.0 / 15);
        Map<List<String>, Map<String, Double>> byAge = run("cd4ml-positive-rate-by-age-band");
        // 18-25 is i % 5 == 0: always yes
        assertThat(rate(byAge, "18-25")).isEqualTo(1.0);
        // 26-35 is i % 5 == 1 (1, 6, 11, 16, 21, 26): yes only for 21
        assertThat(rate(byAge, "26-35")).isEqualTo(1.0 / 6);
    }

    private static double rate(Map<List<String>, Map<String, Double>> rows, String group) {
        double yes = rows.getOrDefault(List.of(group, "yes"), Map.of("count", 0.0)).get("count");
        double no = rows.getOrDefault(List.of(group, "no"), Map.of("count", 0.0)).get("count");
        return yes / (yes + no);
    }

    @Test
    void numericFeatureDistributionSkipsMissingValues() throws Exception {
        Map<List<String>, Map<String, Double>> rows = run("cd4ml-feature-age");

        // 29 of 30 records know the age; 20.0 + 1.5 i in buckets of 5
        assertThat(rows.values().stream().mapToDouble(v -> v.get("count")).sum()).isEqualTo(29.0);
        assertThat(rows.get(List.of("20.0")).get("count")).isEqualTo(4.0); // 20.0, 21.5, 23.0, 24.5
    }
}
