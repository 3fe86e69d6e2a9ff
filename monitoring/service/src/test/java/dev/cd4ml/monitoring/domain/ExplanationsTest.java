package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationsTest {

  @Test
  void liveDriverSharesStandBesideTheTrainingShares() {
    Explanations e = Explanations.of(List.of("income", "region", "age"), 40,
        Map.of("income", 30L, "region", 4L), Map.of("drivers.income", 0.5, "drivers.age", 0.25, "accuracy", 0.8));
    assertThat(e.features()).containsExactly(
        new Explanations.FeatureDrivers("income", 0.75, 0.5),
        new Explanations.FeatureDrivers("region", 0.1, null),
        new Explanations.FeatureDrivers("age", 0.0, 0.25));
  }

  @Test
  void nothingSampledHasNoLiveShare() {
    Explanations e = Explanations.of(List.of("income"), 0, Map.of(), Map.of("drivers.income", 0.5));
    assertThat(e.features().get(0).live()).isNull();
    assertThat(e.sampled()).isZero();
  }
}
