package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.gate.Baseline;
import dev.cd4ml.cli.gate.GateRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateCommandTest {
  private static JsonNode run(String metrics, String perClass, String fairness) throws Exception {
    return Api.JSON.readTree("{\"metrics\": " + metrics + ", \"evaluation\": {\"perClass\": " + perClass
        + ", \"fairness\": " + fairness + "}}");
  }

  private static List<String> failed(GateRules rules, JsonNode run) {
    return rules.judge(run).stream().filter(o -> !o.passed()).map(GateRules.Outcome::rule).toList();
  }

  @Test
  void theBaselineFollowsTheClassShares() {
    Baseline balanced = Baseline.of(Map.of("a", 100L, "b", 100L, "c", 100L));
    assertThat(balanced.majorityClassRate()).isEqualTo(1.0 / 3);
    assertThat(balanced.uniformMacroF1()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    Baseline skewed = Baseline.of(Map.of("no", 95L, "yes", 5L));
    assertThat(skewed.majorityClassRate()).isEqualTo(0.95);
    // F1(no) = 1.9/2.9, F1(yes) = 0.1/1.1
    assertThat(skewed.uniformMacroF1()).isCloseTo((1.9 / 2.9 + 0.1 / 1.1) / 2, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aThreeClassModelWellAboveChancePassesWhereTheOldFixedFloorWouldHaveRefusedIt() throws Exception {
    JsonNode r = run("{\"accuracy\": 0.62, \"macroF1\": 0.52}",
        "{\"a\": {\"support\": 40}, \"b\": {\"support\": 30}, \"c\": {\"support\": 30}}", "{}");
    assertThat(failed(GateRules.DEFAULTS, r)).isEmpty();
    GateRules fixed = new GateRules(0.01, 0.0, 0.70, 0.55, 0.5, 0.5, 30);
    assertThat(failed(fixed, r)).containsExactly("accuracy", "macroF1");
  }

  @Test
  void aModelAnsweringTheMajorityClassOnImbalancedDataIsRefusedAlthoughItsAccuracyIsHigh() throws Exception {
    // 95 % "no": always "no" gives accuracy 0.95 (no better than the majority rate) and macro F1 0.487
    JsonNode r = run("{\"accuracy\": 0.95, \"macroF1\": 0.487}", "{\"no\": {\"support\": 950}, \"yes\": {\"support\": 50}}",
        "{}");
    List<GateRules.Outcome> outcomes = GateRules.DEFAULTS.judge(r);
    assertThat(failed(GateRules.DEFAULTS, r)).containsExactly("accuracy");
    assertThat(outcomes.get(0).line()).contains("0.9500 >= 0.9600").contains("majority-class rate 0.9500");
  }

  @Test
  void fairnessGapsAreJudgedOnGroupsWithEnoughRows() throws Exception {
    JsonNode r = run("{\"accuracy\": 0.9, \"macroF1\": 0.8, \"fairness.sex.positiveRateGap\": 0.62}",
        "{\"no\": {\"support\": 60}, \"yes\": {\"support\": 40}}",
        "{\"sex\": {\"groups\": {\"f\": {\"count\": 50, \"accuracy\": 0.95}, \"m\": {\"count\": 45, \"accuracy\": 0.40},"
            + " \"x\": {\"count\": 5, \"accuracy\": 0.0}}},"
            + " \"region\": {\"groups\": {\"n\": {\"count\": 90, \"accuracy\": 0.9}, \"s\": {\"count\": 10, \"accuracy\": 0.1}}}}");
    assertThat(failed(GateRules.DEFAULTS, r)).containsExactly("fairness.sex.positiveRateGap", "fairness.sex.accuracyGap");
    assertThat(GateRules.DEFAULTS.judge(r).get(4).line()).startsWith("SKIPPED fairness.region.accuracyGap");
  }

  @Test
  void aRunWithoutHeldOutCountsOrMetricsIsRefused() throws Exception {
    assertThat(failed(GateRules.DEFAULTS, Api.JSON.readTree("{\"metrics\": {\"accuracy\": 0.9}}"))).containsExactly("baseline");
    assertThat(failed(GateRules.DEFAULTS, run("{}", "{\"a\": {\"support\": 1}, \"b\": {\"support\": 1}}", "{}")))
        .containsExactly("accuracy", "macroF1");
  }
}
