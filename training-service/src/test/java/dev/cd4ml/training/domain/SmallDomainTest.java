package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallDomainTest {
  @Test
  void codeRevisionPrefersRequestThenBuildThenGoRevision() {
    assertThat(CodeRevision.resolve("abc", "def", "ghi")).isEqualTo("abc");
    assertThat(CodeRevision.resolve(null, "def", "ghi")).isEqualTo("def");
    assertThat(CodeRevision.resolve(" ", "${cd4ml.build.revision}", "ghi")).isEqualTo("ghi");
    assertThat(CodeRevision.resolve(null, "", null)).isEqualTo("unknown");
  }

  @Test
  void comparisonMarksRowsThatDiffer() {
    List<RunComparison.Row> rows = RunComparison.compare(List.of(
        Map.of("maxDepth", 5, "seed", 1L, "only.a", "x"),
        Map.of("maxDepth", 5.0, "seed", 2L)));
    assertThat(rows).containsExactly(
        new RunComparison.Row("maxDepth", List.of(5, 5.0), false),
        new RunComparison.Row("only.a", java.util.Arrays.asList("x", null), true),
        new RunComparison.Row("seed", List.of(1L, 2L), true));
  }
}
