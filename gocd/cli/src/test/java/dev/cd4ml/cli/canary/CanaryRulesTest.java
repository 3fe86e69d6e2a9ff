package dev.cd4ml.cli.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.cli.canary.CanaryRules.Outcome;
import dev.cd4ml.cli.canary.CanaryRules.Rule;
import dev.cd4ml.cli.canary.CanaryRules.Verdict;
import dev.cd4ml.contracts.drift.DriftStatistics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryRulesTest {
  static final Thresholds DEFAULTS = new Thresholds(0.01, 1.5, 5, 0.25, 0.95, 30);
  static final Figures PRIMARY = new Figures(3, 1800, 0.002, 4.0, Map.of("no", 1400L, "yes", 400L), 300, 0.82);

  static Observation with(Figures canary) {
    return new Observation("test", PRIMARY, canary, DriftStatistics.psi(PRIMARY.predicted(), canary.predicted()), 200, false);
  }

  static Outcome outcome(Verdict v, String rule) {
    return v.rules().stream().filter(r -> r.name().equals(rule)).map(Rule::outcome).findFirst().orElseThrow();
  }

  @Test
  void aCanaryLikeItsPrimaryPassesEveryRule() {
    Verdict v = CanaryRules.judge(with(new Figures(4, 200, 0.0, 4.4, Map.of("no", 158L, "yes", 42L), 40, 0.85)), DEFAULTS);
    assertThat(v.rules()).extracting(Rule::name)
        .containsExactly("traffic", "error-rate", "latency-p99", "prediction-drift", "online-accuracy");
    assertThat(v.rules()).allMatch(r -> r.outcome() == Outcome.PASS);
    assertThat(v.passed()).isTrue();
    // Each rule prints its figures and its limit.
    assertThat(v.rules().get(2).line()).contains("canary 4.40 ms", "primary 4.00 ms", "limit 9.00 ms");
  }

  @Test
  void aCanaryPredictingAnotherLabelMixFailsOnDrift() {
    // Shuffled-label training: the canary calls "yes" half the time where the primary says it for 22 %.
    Verdict v = CanaryRules.judge(with(new Figures(4, 200, 0.0, 4.0, Map.of("no", 100L, "yes", 100L), 0, null)), DEFAULTS);
    assertThat(outcome(v, "prediction-drift")).isEqualTo(Outcome.FAIL);
    assertThat(outcome(v, "online-accuracy")).isEqualTo(Outcome.SKIPPED);
    assertThat(v.passed()).isFalse();
    assertThat(v.failed()).containsExactly("prediction-drift");
  }

  @Test
  void anotherLabelMixIsFineWhenFeedbackShowsTheCanaryIsAsAccurate() {
    // A model retrained on a changed world predicts another mix, and is right more often.
    Verdict v = CanaryRules.judge(with(new Figures(4, 200, 0.0, 4.0, Map.of("no", 100L, "yes", 100L), 60, 0.9)), DEFAULTS);
    assertThat(outcome(v, "prediction-drift")).isEqualTo(Outcome.PASS);
    assertThat(v.rules().get(3).figures()).contains("above the limit", "online-accuracy passed");
    assertThat(v.passed()).isTrue();
    // ... but not when it is less accurate: both fail.
    Verdict worse = CanaryRules.judge(with(new Figures(4, 200, 0.0, 4.0, Map.of("no", 100L, "yes", 100L), 60, 0.5)), DEFAULTS);
    assertThat(worse.failed()).containsExactly("prediction-drift", "online-accuracy");
  }

  @Test
  void aLessAccurateCanaryFailsOnceThereIsEnoughFeedback() {
    Figures worse = new Figures(4, 200, 0.0, 4.0, Map.of("no", 155L, "yes", 45L), 40, 0.70);
    assertThat(outcome(CanaryRules.judge(with(worse), DEFAULTS), "online-accuracy")).isEqualTo(Outcome.FAIL);
    // 0.95 x 0.82 = 0.779: just above passes.
    Figures close = new Figures(4, 200, 0.0, 4.0, Map.of("no", 155L, "yes", 45L), 40, 0.78);
    assertThat(outcome(CanaryRules.judge(with(close), DEFAULTS), "online-accuracy")).isEqualTo(Outcome.PASS);
    Figures fewLabels = new Figures(4, 200, 0.0, 4.0, Map.of("no", 155L, "yes", 45L), 29, 0.10);
    assertThat(outcome(CanaryRules.judge(with(fewLabels), DEFAULTS), "online-accuracy")).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void slowerOrMoreRefusingCanariesFail() {
    Figures slow = new Figures(4, 200, 0.0, 9.5, Map.of("no", 155L, "yes", 45L), 0, null);
    assertThat(outcome(CanaryRules.judge(with(slow), DEFAULTS), "latency-p99")).isEqualTo(Outcome.FAIL);
    // A sub-millisecond primary: twice as slow is still within the 5 ms slack.
    Figures fastPrimary = new Figures(3, 1800, 0.0, 0.4, Map.of("no", 1400L, "yes", 400L), 0, null);
    Figures twice = new Figures(4, 200, 0.0, 0.8, Map.of("no", 155L, "yes", 45L), 0, null);
    assertThat(CanaryRules.latency(fastPrimary, twice, DEFAULTS).outcome()).isEqualTo(Outcome.PASS);
    Figures refusing = new Figures(4, 200, 0.05, 4.0, Map.of("no", 155L, "yes", 45L), 0, null);
    assertThat(outcome(CanaryRules.judge(with(refusing), DEFAULTS), "error-rate")).isEqualTo(Outcome.FAIL);
  }

  @Test
  void tooLittleTrafficIsAFailureNotAPass() {
    Figures none = new Figures(4, 0, null, null, Map.of(), 0, null);
    Verdict v = CanaryRules.judge(new Observation("test", PRIMARY, none, null, 200, false), DEFAULTS);
    assertThat(outcome(v, "traffic")).isEqualTo(Outcome.FAIL);
    assertThat(v.passed()).isFalse();
    Figures some = new Figures(4, 50, 0.0, 4.0, Map.of("no", 39L, "yes", 11L), 0, null);
    assertThat(CanaryRules.traffic(new Observation("test", PRIMARY, some, 0.0, 200, true)).outcome()).isEqualTo(Outcome.FAIL);
    // Judged after --minutes (not timed out): what arrived is judged.
    assertThat(CanaryRules.traffic(new Observation("test", PRIMARY, some, 0.0, 200, false)).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void figuresASourceDoesNotHaveAreSkippedAndSaySo() {
    Figures meters = new Figures(4, 200, null, 4.0, Map.of("no", 155L, "yes", 45L), 0, null);
    Figures primaryMeters = new Figures(3, 1800, null, 4.0, Map.of("no", 1400L, "yes", 400L), 0, null);
    Verdict v = CanaryRules.judge(new Observation("serving meters", primaryMeters, meters,
        DriftStatistics.psi(primaryMeters.predicted(), meters.predicted()), 200, false), DEFAULTS);
    assertThat(outcome(v, "error-rate")).isEqualTo(Outcome.SKIPPED);
    assertThat(v.rules().get(1).figures()).contains("no refusal counts");
    assertThat(v.passed()).isTrue();
  }
}
