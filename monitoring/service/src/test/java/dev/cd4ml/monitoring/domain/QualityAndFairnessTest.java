package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cd4ml.monitoring.domain.GroupRates.Group;
import dev.cd4ml.monitoring.domain.LabelJoin.Feedback;
import dev.cd4ml.monitoring.domain.LabelJoin.Prediction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityAndFairnessTest {

  @Test
  void confusionMatrixGivesAccuracyRecallAndMacroF1() {
    ConfusionMatrix m = ConfusionMatrix.of(List.of("yes", "no"), Map.of(
        "yes", Map.of("yes", 40L, "no", 10L),
        "no", Map.of("yes", 5L, "no", 45L)));
    assertThat(m.total()).isEqualTo(100);
    assertThat(m.counts()[0]).containsExactly(40, 10);
    assertThat(m.accuracy()).isCloseTo(0.85, within(1e-12));
    assertThat(m.recall("yes")).isCloseTo(0.8, within(1e-12));
    // F1(yes) = 80/95, F1(no) = 90/105
    assertThat(m.macroF1()).isCloseTo((80.0 / 95 + 90.0 / 105) / 2, within(1e-12));
  }

  @Test
  void nothingLabelledHasNoAccuracy() {
    ConfusionMatrix m = ConfusionMatrix.of(List.of("yes", "no"), Map.of());
    assertThat(m.accuracy()).isNaN();
    assertThat(m.macroF1()).isNaN();
  }

  @Test
  void fairnessGapIsMaxMinusMinOverGroupsWithEnoughRows() {
    Map<String, Group> groups = new LinkedHashMap<>();
    groups.put("female", new Group(100, 20));
    groups.put("male", new Group(100, 50));
    groups.put("other", new Group(5, 5));
    GroupRates.Gap gap = GroupRates.gap(groups, 30);
    assertThat(gap.rates()).containsOnlyKeys("female", "male");
    assertThat(gap.gap()).isCloseTo(0.3, within(1e-12));
    assertThat(gap.highest()).isEqualTo("male");
    assertThat(gap.lowest()).isEqualTo("female");
    assertThat(Thresholds.DEFAULTS.fairness(gap, 205).status()).isEqualTo(Status.ALERT);
    assertThat(Thresholds.DEFAULTS.fairness(GroupRates.gap(groups, 101), 205).status())
        .isEqualTo(Status.INSUFFICIENT_DATA);
  }

  @Test
  void lateFeedbackCountsInItsPredictionsWindowAndTheLatestCorrectionWins() {
    Instant from = Instant.parse("2026-12-01T10:00:00Z");
    Instant to = Instant.parse("2026-12-01T11:00:00Z");
    Prediction p1 = new Prediction("r1", Instant.parse("2026-12-01T10:00:00Z"), "yes");
    Prediction p2 = new Prediction("r2", Instant.parse("2026-12-01T10:30:00Z"), "no");
    Prediction p3 = new Prediction("r3", Instant.parse("2026-12-01T11:00:00Z"), "no");
    List<Feedback> feedback = List.of(
        new Feedback("r1", "no", Instant.parse("2026-12-01T14:00:00Z")),
        new Feedback("r1", "yes", Instant.parse("2026-12-01T13:00:00Z")),
        new Feedback("r3", "no", Instant.parse("2026-12-01T11:05:00Z")),
        new Feedback("r9", "yes", Instant.parse("2026-12-01T10:10:00Z")));

    LabelJoin.Result r = LabelJoin.join(from, to, List.of(p1, p2, p3), feedback);

    assertThat(r.labelled()).containsExactly(new LabelJoin.Labelled(p1, "no"));
    assertThat(r.labelled().get(0).right()).isFalse();
    assertThat(r.unmatched()).extracting(Feedback::requestId).containsExactly("r9");
  }

  @Test
  void duplicateFeedbackTheLatestByTimestampWinsWhateverOrderItIsReadIn() {
    Instant t1 = Instant.parse("2026-12-01T13:00:00Z");
    Instant t2 = Instant.parse("2026-12-01T14:00:00Z");
    // in one batch: one label per request, the latest
    assertThat(LabelJoin.latest(List.of(new Feedback("r1", "no", t2), new Feedback("r1", "yes", t1))))
        .containsOnlyKeys("r1").containsEntry("r1", new Feedback("r1", "no", t2));
    // across evaluations: an older feedback read after a newer one labelled the prediction does not relabel it
    assertThat(LabelJoin.supersedes(t1, t2)).isFalse();
    assertThat(LabelJoin.supersedes(t2, t1)).isTrue();
    assertThat(LabelJoin.supersedes(t1, null)).as("an unlabelled prediction takes any feedback").isTrue();
    assertThat(LabelJoin.supersedes(t1, t1)).as("the same feedback read again is not written again").isFalse();
  }

  @Test
  void thresholdsJudgeEveryMetricAndAskForEnoughRows() {
    Thresholds t = Thresholds.DEFAULTS;
    assertThat(t.psi(0.09, 1000).status()).isEqualTo(Status.OK);
    assertThat(t.psi(0.1, 1000).status()).isEqualTo(Status.WARN);
    assertThat(t.psi(0.25, 1000)).isEqualTo(new Verdict(Status.ALERT, "psi 0.2500 >= 0.25"));
    assertThat(t.psi(3, 99).status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(t.missing(0.12, 0.01, 1000).status()).isEqualTo(Status.ALERT);
    assertThat(t.quality(0.84, 0.9, 200).status()).isEqualTo(Status.ALERT);
    assertThat(t.quality(0.87, 0.9, 200).status()).isEqualTo(Status.WARN);
    assertThat(t.quality(0.89, 0.9, 200).status()).isEqualTo(Status.OK);
    assertThat(t.quality(0.1, 0.9, 99).status()).isEqualTo(Status.INSUFFICIENT_DATA);
  }

  @Test
  void theWorseJudgementWinsAndInsufficientDataJudgesNothing() {
    assertThat(Status.OK.worse(Status.ALERT)).isEqualTo(Status.ALERT);
    assertThat(Status.WARN.worse(Status.OK)).isEqualTo(Status.WARN);
    assertThat(Status.INSUFFICIENT_DATA.worse(Status.WARN)).isEqualTo(Status.WARN);
    assertThat(Status.ALERT.worse(Status.INSUFFICIENT_DATA)).isEqualTo(Status.ALERT);
  }
}
