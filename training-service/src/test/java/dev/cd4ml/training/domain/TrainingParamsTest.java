package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingParamsTest {
  @Test
  void defaultsAreFilledIn() {
    List<ProblemError> errors = new ArrayList<>();
    assertThat(TrainingParams.from(Algorithm.CART, null, errors)).isEqualTo(new TrainingParams(10, 5f, 1f, 1));
    assertThat(TrainingParams.from(Algorithm.RANDOM_FOREST, Map.of(), errors)).isEqualTo(new TrainingParams(10, 5f, 0.5f, 15));
    assertThat(errors).isEmpty();
  }

  @Test
  void outOfRangeAndUnknownParamsNameTheirField() {
    List<ProblemError> errors = new ArrayList<>();
    TrainingParams p = TrainingParams.from(Algorithm.RANDOM_FOREST,
        Map.of("maxDepth", 0, "fractionFeaturesPerSplit", 1.0, "trees", 2.5, "learningRate", 0.1), errors);
    assertThat(p).isNull();
    assertThat(errors).extracting(ProblemError::field).containsExactlyInAnyOrder("params.maxDepth",
        "params.fractionFeaturesPerSplit", "params.trees", "params.learningRate");
  }

  @Test
  void cartRefusesSeveralTrees() {
    List<ProblemError> errors = new ArrayList<>();
    TrainingParams.from(Algorithm.CART, Map.of("trees", 5), errors);
    assertThat(errors).extracting(ProblemError::field).containsExactly("params.trees");
  }
}
