package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.monitoring.domain.NumericBins.Range;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinsTest {
  final NumericBins bins = new NumericBins(new double[] {0, 10, 20, 30});

  @Test
  void liveValuesFallInTheProfileBinsWithOneBinBelowTheMinimumAndOneAboveTheMaximum() {
    assertThat(bins.size()).isEqualTo(5);
    assertThat(bins.indexOf(-0.5)).isZero();
    assertThat(bins.indexOf(0)).isEqualTo(1);
    assertThat(bins.indexOf(9.999)).isEqualTo(1);
    assertThat(bins.indexOf(10)).isEqualTo(2);
    assertThat(bins.indexOf(25)).isEqualTo(3);
    assertThat(bins.indexOf(30)).as("the maximum belongs to the last bin").isEqualTo(3);
    assertThat(bins.indexOf(30.001)).isEqualTo(4);
    assertThat(bins.expected(new long[] {5, 6, 7})).containsExactly(0, 5, 6, 7, 0);
  }

  @Test
  void rangesForTheSearchEngineCountEveryValueInTheBinIndexOfGivesIt() {
    var ranges = bins.ranges();
    assertThat(ranges).hasSize(bins.size());
    for (double v : new double[] {-3, 0, 5, 10, 19.99, 20, 29.5, 30, 30.0000001, 1e9}) {
      int bin = bins.indexOf(v);
      Range r = ranges.get(bin);
      assertThat((r.from() == null || v >= r.from()) && (r.to() == null || v < r.to()))
          .as("%s in range %s of bin %s", v, r, bin).isTrue();
    }
  }

  @Test
  void binLabelsNameEachBinInBinOrderSoTheDistributionCanBeDrawn() {
    assertThat(bins.labels()).containsExactly("< 0", "[0, 10)", "[10, 20)", "[20, 30]", "> 30");
    assertThat(new NumericBins(new double[] {0.123456, 1234567.0}).labels())
        .containsExactly("< 0.1235", "[0.1235, 1235000]", "> 1235000");
  }

  @Test
  void aConstantTrainingColumnStillSeparatesOtherValues() {
    NumericBins constant = new NumericBins(new double[] {4, 4});
    assertThat(constant.indexOf(3.9)).isZero();
    assertThat(constant.indexOf(4)).isEqualTo(1);
    assertThat(constant.indexOf(4.1)).isEqualTo(2);
  }

  @Test
  void unseenCategoriesHaveTheirOwnBinUnlessTrainingCappedItsList() {
    Map<String, Long> training = new LinkedHashMap<>();
    training.put("a", 60L);
    training.put("b", 40L);
    Map<String, Long> live = new LinkedHashMap<>();
    live.put("a", 10L);
    live.put("c", 5L);

    CategoryBins complete = new CategoryBins(training, 0);
    assertThat(complete.labels()).containsExactly("a", "b", CategoryBins.UNSEEN);
    assertThat(complete.expected()).containsExactly(60, 40, 0);
    assertThat(complete.actual(live)).containsExactly(10, 0, 5);
    assertThat(complete.unseen(live)).containsExactly(Map.entry("c", 5L));

    CategoryBins capped = new CategoryBins(training, 20);
    assertThat(capped.labels()).containsExactly("a", "b", CategoryBins.OTHER, CategoryBins.UNSEEN);
    assertThat(capped.actual(live)).containsExactly(10, 0, 5, 0);
    assertThat(capped.unseen(live)).isEmpty();
  }
}
