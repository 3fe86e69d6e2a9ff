package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final String[] TRUTH = {"yes", "yes", "yes", "no", "no", "no", "no", "no"};
  private static final String[] PREDICTED = {"yes", "no", "yes", "no", "yes", "no", "no", "no"};
  private static final List<String[]> GROUPS = List.of(
      new String[] {"female", "18-25"}, new String[] {"female", "18-25"}, new String[] {"male", "18-25"},
      new String[] {"female", null}, new String[] {"male", "26-35"}, new String[] {"male", "26-35"},
      new String[] {"female", "26-35"}, new String[] {"male", "26-35"});

  private static Evaluation evaluate(double[] scores) {
    return Evaluator.evaluate(TRUTH, PREDICTED, scores, List.of("no", "yes"), "yes", List.of("sex", "age_band"), GROUPS);
  }

  @Test
  void accuracyMacroF1PerClassAndConfusionMatrix() {
    Evaluation e = evaluate(null);
    assertThat(e.accuracy()).isEqualTo(0.75);
    assertThat(e.labels()).containsExactly("no", "yes");
    assertThat(e.confusionMatrix()).isDeepEqualTo(new long[][] {{4, 1}, {1, 2}});
    assertThat(e.perClass().get("no").precision()).isCloseTo(0.8, within(1e-12));
    assertThat(e.perClass().get("no").recall()).isCloseTo(0.8, within(1e-12));
    assertThat(e.perClass().get("yes").precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.perClass().get("yes").recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.macroF1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-12));
    assertThat(e.majorityClassRate()).isEqualTo(5.0 / 8);
    assertThat(e.rocAuc()).isNull(); // no probabilities
  }

  @Test
  void fairnessPerGroupAndGaps() {
    Evaluation.ColumnFairness sex = evaluate(null).fairness().get("sex");
    assertThat(sex.groups().get("female")).isEqualTo(new Evaluation.GroupMetrics(4, 0.75, 0.25, 0.5));
    assertThat(sex.groups().get("male")).isEqualTo(new Evaluation.GroupMetrics(4, 0.75, 0.5, 1.0));
    assertThat(sex.accuracyGap()).isEqualTo(0.0);
    assertThat(sex.positiveRateGap()).isEqualTo(0.25);
    assertThat(sex.truePositiveRateGap()).isEqualTo(0.5);

    Evaluation.ColumnFairness band = evaluate(null).fairness().get("age_band");
    // 26-35 holds no actual positive: its TPR is undefined and stays out of the gap.
    assertThat(band.groups().get("26-35").truePositiveRate()).isNull();
    assertThat(band.groups()).containsKey(Evaluator.MISSING_GROUP);
    assertThat(band.truePositiveRateGap()).isEqualTo(0.0);
  }

  @Test
  void rocAucFromScoresCountsTiesAsHalf() {
    double[] scores = {0.9, 0.4, 0.8, 0.1, 0.7, 0.2, 0.3, 0.4};
    assertThat(evaluate(scores).rocAuc()).isCloseTo(13.5 / 15, within(1e-12));
    assertThat(Evaluator.rocAuc(new String[] {"a", "b"}, new double[] {1, 0}, "a")).isEqualTo(1.0);
    assertThat(Evaluator.rocAuc(new String[] {"a", "b"}, new double[] {0, 1}, "a")).isEqualTo(0.0);
    assertThat(Evaluator.rocAuc(new String[] {"a", "a"}, new double[] {0, 1}, "a")).isNull();
  }

  @Test
  void flatMetricNamesAreThoseTheRegistryPolicyReads() {
    Map<String, Double> m = Evaluator.flatMetrics(evaluate(new double[] {0.9, 0.4, 0.8, 0.1, 0.7, 0.2, 0.3, 0.4}));
    assertThat(m).containsKeys("accuracy", "macroF1", "rocAuc", "fairness.sex.positiveRateGap",
        "fairness.sex.truePositiveRateGap", "fairness.sex.accuracyGap", "fairness.age_band.accuracyGap",
        "precision.yes", "recall.no");
    assertThat(m.get("fairness.sex.positiveRateGap")).isEqualTo(0.25);
  }

  @Test
  void positiveLabelIsRequestedElseConventionalElseTheRarerOfTwo() {
    assertThat(Evaluator.positiveLabel("no", Map.of("yes", 1L, "no", 2L))).isEqualTo("no");
    assertThat(Evaluator.positiveLabel(null, Map.of("yes", 10L, "no", 2L))).isEqualTo("yes");
    assertThat(Evaluator.positiveLabel(null, Map.of("good", 10L, "bad", 2L))).isEqualTo("bad");
    assertThat(Evaluator.positiveLabel(null, Map.of("a", 1L, "b", 2L, "c", 3L))).isNull();
  }
}
