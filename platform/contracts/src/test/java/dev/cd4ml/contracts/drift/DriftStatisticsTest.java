package dev.cd4ml.contracts.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

  @Test
  void psiOfAShiftedTwoBinDistributionIsTheHandComputedValue() {
    // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5)
    assertThat(DriftStatistics.psi(new long[] {50, 50}, new long[] {25, 75})).isCloseTo(0.274653, within(1e-6));
  }

  @Test
  void psiComparesSharesNotCounts() {
    assertThat(DriftStatistics.psi(new long[] {10, 30, 60}, new long[] {1000, 3000, 6000})).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void anEmptyBinIsFlooredAtEpsilonSoPsiStaysFinite() {
    // (0.9 - 1) ln(0.9 / 1) + (0.1 - 1e-4) ln(0.1 / 1e-4)
    assertThat(DriftStatistics.psi(new long[] {100, 0}, new long[] {90, 10})).isCloseTo(0.7006208, within(1e-6));
  }

  @Test
  void ksIsTheLargestDistanceBetweenCumulativeShares() {
    // cumulative 0.1 0.3 0.6 1 against 0.4 0.7 0.9 1
    assertThat(DriftStatistics.ks(new long[] {10, 20, 30, 40}, new long[] {40, 30, 20, 10})).isCloseTo(0.4, within(1e-12));
    assertThat(DriftStatistics.ks(new long[] {1, 2, 3}, new long[] {2, 4, 6})).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void distributionsWithoutValuesOrOnOtherBinsAreRefused() {
    assertThatThrownBy(() -> DriftStatistics.psi(new long[] {0, 0}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
    assertThatThrownBy(() -> DriftStatistics.ks(new long[] {1, 1}, new long[] {1, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
  }

  @Test
  void aCategoryOnlyOneSideHasIsABinOfItsOwn() {
    double psi = DriftStatistics.psi(Map.of("no", 100L), Map.of("no", 50L, "yes", 50L));
    assertThat(psi).isCloseTo(DriftStatistics.psi(new long[] {100, 0}, new long[] {50, 50}), within(1e-12));
    assertThat(psi).isGreaterThan(1.0);
    assertThat(DriftStatistics.psi(Map.of("no", 70L, "yes", 30L), Map.of("yes", 3L, "no", 7L))).isCloseTo(0.0, within(1e-12));
    assertThat(DriftStatistics.psi(Map.of("no", 70L), Map.of())).isNull();
  }
}
