package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.canary.Figures;
import dev.cd4ml.cli.canary.Observation;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis.VersionCounts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI reads monitoring-service's canary analysis through the one record both share. */
class CanaryAnalysisCommandTest {

  @Test
  void monitoringsAnswerBecomesTheFiguresTheRulesJudge() throws Exception {
    CanaryAnalysis sent = CanaryAnalysis.of("credit-risk", "production", Instant.parse("2026-12-01T10:00:00Z"),
        Instant.parse("2026-12-01T11:00:00Z"),
        new VersionCounts(3, 900, 9, 12.5, Map.of("no", 600L, "yes", 300L), 100, 80),
        new VersionCounts(4, 100, 0, 20.0, Map.of("no", 50L, "yes", 50L), 0, 0));
    // As it travels: monitoring writes JSON, the CLI reads it.
    Observation o = CanaryAnalysisCommand.MonitoringSource.observation(Api.JSON.readTree(Api.write(sent)), 200, false);
    assertThat(o.primary()).isEqualTo(new Figures(3, 900, 9.0 / 909, 12.5, Map.of("no", 600L, "yes", 300L), 100, 0.8));
    assertThat(o.canary()).isEqualTo(new Figures(4, 100, 0.0, 20.0, Map.of("no", 50L, "yes", 50L), 0, null));
    assertThat(o.predictionDriftPsi()).isEqualTo(sent.predictionDriftPsi()).isPositive();
    assertThat(o.targetPredictions()).isEqualTo(200);
  }

  @Test
  void anAnswerOfAnotherShapeIsAClearFailure() throws Exception {
    assertThatThrownBy(() -> CanaryAnalysisCommand.MonitoringSource.observation(
        Api.JSON.readTree("{\"primary\":{\"version\":\"three\"}}"), 200, false))
        .isInstanceOf(CliFailure.class).hasMessageContaining("canary analysis");
  }
}
