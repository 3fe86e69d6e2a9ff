package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import org.junit.jupiter.api.Test;

class GateCommandTest {
  @Test
  void listsEveryUnmetThreshold() throws Exception {
    JsonNode metrics = Api.JSON.readTree("""
        {"accuracy": 0.65, "macroF1": 0.6, "fairness.sex.positiveRateGap": 0.62, "fairness.age_band.positiveRateGap": 0.1,
         "fairness.sex.truePositiveRateGap": 0.9}""");
    assertThat(GateCommand.unmet(metrics, 0.7, 0.55, 0.5))
        .containsExactly("accuracy 0.65 < 0.7", "fairness.sex.positiveRateGap 0.62 > 0.5");
  }

  @Test
  void passesGoodMetricsAndRefusesMissingOnes() throws Exception {
    assertThat(GateCommand.unmet(Api.JSON.readTree("{\"accuracy\": 0.8, \"macroF1\": 0.7}"), 0.7, 0.55, 0.5)).isEmpty();
    assertThat(GateCommand.unmet(Api.JSON.readTree("{}"), 0.7, 0.55, 0.5)).hasSize(2);
  }
}
