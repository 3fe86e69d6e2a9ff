package dev.cd4ml.contracts.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
  // 1000 rows, 10% positives in a block at the end: a plain shuffle would rarely keep exactly 10%.
  private static String label(int i) {
    return i >= 900 ? "yes" : "no";
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    Split a = Split.of(1000, new SplitSpec(0.2, false), 42, SplitTest::label);
    Split b = Split.of(1000, new SplitSpec(0.2, false), 42, SplitTest::label);
    Split c = Split.of(1000, new SplitSpec(0.2, false), 43, SplitTest::label);
    assertThat(a.test()).containsExactly(b.test());
    assertThat(a.train()).containsExactly(b.train());
    assertThat(Arrays.equals(a.test(), c.test())).isFalse();
  }

  @Test
  void partsAreDisjointCoverEveryRowAndHaveTheRequestedSize() {
    Split s = Split.of(1000, new SplitSpec(0.25, false), 7, SplitTest::label);
    assertThat(s.test()).hasSize(250);
    assertThat(s.train()).hasSize(750);
    int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, 1000).toArray());
  }

  @Test
  void stratifiedKeepsEachLabelsShareInBothParts() {
    Split s = Split.of(1000, new SplitSpec(0.2, true), 3, SplitTest::label);
    long testPositives = Arrays.stream(s.test()).filter(i -> i >= 900).count();
    long trainPositives = Arrays.stream(s.train()).filter(i -> i >= 900).count();
    assertThat(testPositives).isEqualTo(20);
    assertThat(trainPositives).isEqualTo(80);
    assertThat(s.test()).hasSize(200);
  }

  @Test
  void tooFewRowsFail() {
    assertThatThrownBy(() -> Split.of(1, SplitSpec.DEFAULT, 1, i -> "a")).isInstanceOf(IllegalArgumentException.class);
  }
}
