package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.drift.DriftStatistics;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis.VersionCounts;
import dev.cd4ml.monitoring.repository.CanaryQuery;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
  static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant TO = Instant.parse("2026-12-01T11:00:00Z");

  @Test
  void figuresOfBothVersionsOverTheSameWindow() {
    CanaryAnalysis a = CanaryAnalysis.of("credit", "production", FROM, TO,
        new VersionCounts(3, 900, 9, 12.5, Map.of("no", 600L, "yes", 300L), 100, 80),
        new VersionCounts(4, 100, 0, 20.0, Map.of("no", 50L, "yes", 50L), 10, 9));
    assertThat(a.canaryShare()).isCloseTo(0.1, within(1e-12));
    assertThat(a.primary().role()).isEqualTo("primary");
    assertThat(a.primary().errorRate()).isCloseTo(9.0 / 909, within(1e-12));
    assertThat(a.primary().accuracy()).isCloseTo(0.8, within(1e-12));
    assertThat(a.canary().role()).isEqualTo("canary");
    assertThat(a.canary().errorRate()).isEqualTo(0.0);
    assertThat(a.canary().accuracy()).isCloseTo(0.9, within(1e-12));
    assertThat(a.canary().latencyP99Ms()).isEqualTo(20.0);
    assertThat(a.predictionDriftPsi()).isCloseTo(DriftStatistics.psi(new long[] {600, 300}, new long[] {50, 50}),
        within(1e-12));
  }

  @Test
  void withoutTrafficNothingIsMadeUp() {
    CanaryAnalysis a = CanaryAnalysis.of("credit", "production", FROM, TO,
        new VersionCounts(3, 10, 0, 5.0, Map.of("no", 10L), 0, 0),
        new VersionCounts(4, 0, 0, null, Map.of(), 0, 0));
    assertThat(a.canaryShare()).isEqualTo(0.0);
    assertThat(a.predictionDriftPsi()).isNull();
    assertThat(a.canary().errorRate()).isNull();
    assertThat(a.canary().latencyP99Ms()).isNull();
    assertThat(a.canary().accuracy()).isNull();
    assertThat(a.primary().accuracy()).isNull();
  }

  @Test
  void theSearchAnswerIsReadPerVersion() throws Exception {
    JsonNode answer = new ObjectMapper().readTree("""
        {"hits":{"total":{"value":12}},"aggregations":{"versions":{"buckets":[
          {"key":"3","doc_count":10,"predicted":{"buckets":[{"key":"no","doc_count":7},{"key":"yes","doc_count":3}]},
           "latency":{"values":{"99.0":4.5}},
           "labelled":{"doc_count":5,"actual":{"buckets":[
             {"key":"no","doc_count":3,"predicted":{"buckets":[{"key":"no","doc_count":2},{"key":"yes","doc_count":1}]}},
             {"key":"yes","doc_count":2,"predicted":{"buckets":[{"key":"yes","doc_count":2}]}}]}}},
          {"key":"4","doc_count":2,"predicted":{"buckets":[{"key":"yes","doc_count":2}]},
           "latency":{"values":{"99.0":9.0}},"labelled":{"doc_count":0,"actual":{"buckets":[]}}}]}}}
        """);
    Map<Integer, VersionCounts> counts = CanaryQuery.parse(answer, 3, 4, 1, 0);
    assertThat(counts.get(3)).isEqualTo(new VersionCounts(3, 10, 1, 4.5, Map.of("no", 7L, "yes", 3L), 5, 4));
    assertThat(counts.get(4)).isEqualTo(new VersionCounts(4, 2, 0, 9.0, Map.of("yes", 2L), 0, 0));
    assertThat(CanaryQuery.parse(new ObjectMapper().readTree("{}"), 3, 5, 0, 0).get(5).predictions()).isZero();
  }
}
