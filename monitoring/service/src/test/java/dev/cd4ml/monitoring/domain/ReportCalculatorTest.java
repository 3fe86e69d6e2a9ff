package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cd4ml.monitoring.domain.WindowCounts.FeatureCounts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCalculatorTest {
  static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  static final Window WINDOW = new Window("credit", "production", 3, FROM, FROM.plusSeconds(3600));
  static final Baseline BASELINE = new Baseline("credit", "abc123", 100, List.of(
      new Baseline.Feature("income", "income", 100, 0, new double[] {0, 50, 100}, new long[] {50, 50}, null, 0),
      new Baseline.Feature("region", "region", 100, 0, null, null, ordered("north", 50L, "south", 50L), 0)),
      List.of("yes", "no"), Map.of("yes", 30L, "no", 70L), "yes", List.of("sex"), 0.9);

  @Test
  void trafficLikeTheTrainingDataJudgesEverythingOk() {
    WindowCounts counts = counts(new long[] {0, 100, 100, 0}, ordered("north", 100L, "south", 100L),
        Map.of("female", Map.of("yes", 30L, "no", 70L), "male", Map.of("yes", 30L, "no", 70L)),
        // 150 labelled, 135 right
        Map.of("yes", Map.of("yes", 40L, "no", 5L), "no", Map.of("yes", 10L, "no", 95L)));

    Report r = ReportCalculator.report(WINDOW, BASELINE, counts, Thresholds.DEFAULTS, FROM);

    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.features()).extracting(Report.FeatureDrift::status).containsOnly(Status.OK);
    assertThat(r.features().get(0).psi()).isCloseTo(0.0, within(1e-12));
    assertThat(r.prediction().psi()).isCloseTo(0.0, within(1e-12));
    assertThat(r.quality().accuracy()).isCloseTo(0.9, within(1e-12));
    assertThat(r.counts().labelledShare()).isCloseTo(0.75, within(1e-12));
    assertThat(r.fairness()).extracting(Report.Fairness::metric)
        .containsExactly("positiveRate", "accuracy", "truePositiveRate");
  }

  @Test
  void driftedTrafficAlertsOnTheShiftedFeatureTheBiasedGroupAndTheAccuracyDrop() {
    WindowCounts counts = counts(new long[] {0, 20, 180, 0}, ordered("north", 100L, "east", 100L),
        Map.of("female", Map.of("yes", 10L, "no", 90L), "male", Map.of("yes", 50L, "no", 50L)),
        // 150 labelled, 120 right
        Map.of("yes", Map.of("yes", 30L, "no", 15L), "no", Map.of("yes", 15L, "no", 90L)));

    Report r = ReportCalculator.report(WINDOW, BASELINE, counts, Thresholds.DEFAULTS, FROM);

    assertThat(r.status()).isEqualTo(Status.ALERT);
    Report.FeatureDrift income = r.features().get(0);
    // (0.1 - 0.5) ln(0.1 / 0.5) + (0.9 - 0.5) ln(0.9 / 0.5); cumulative 0.5 against 0.1
    assertThat(income.psi()).isCloseTo(0.878890, within(1e-5));
    assertThat(income.ks()).isCloseTo(0.4, within(1e-12));
    assertThat(income.status()).isEqualTo(Status.ALERT);
    Report.FeatureDrift region = r.features().get(1);
    assertThat(region.unseen()).containsExactly(Map.entry("east", 100L));
    // The bins PSI was computed on travel with the report, training against live.
    assertThat(income.distribution().bins()).containsExactly("< 0", "[0, 50)", "[50, 100]", "> 100");
    assertThat(income.distribution().training()).containsExactly(0, 50, 50, 0);
    assertThat(income.distribution().live()).containsExactly(0, 20, 180, 0);
    assertThat(region.distribution().bins()).containsExactly("north", "south", CategoryBins.UNSEEN);
    assertThat(region.distribution().training()).containsExactly(50, 50, 0);
    assertThat(region.distribution().live()).containsExactly(100, 0, 100);
    assertThat(region.status()).isEqualTo(Status.ALERT);
    Report.Fairness positiveRate = r.fairness().get(0);
    assertThat(positiveRate.gap()).isCloseTo(0.4, within(1e-12));
    assertThat(positiveRate.verdict().status()).isEqualTo(Status.ALERT);
    assertThat(r.quality().accuracy()).isCloseTo(0.8, within(1e-12));
    assertThat(r.quality().status()).isEqualTo(Status.ALERT);
  }

  @Test
  void aWindowWithoutTrafficJudgesNothing() {
    WindowCounts empty = new WindowCounts(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, Map.of(), Map.of(), 0);
    Report r = ReportCalculator.report(WINDOW, BASELINE, empty, Thresholds.DEFAULTS, FROM);
    assertThat(r.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(r.quality().accuracy()).isNull();
    assertThat(r.shadow().agreement()).isNull();
  }

  static WindowCounts counts(long[] income, Map<String, Long> region, Map<String, Map<String, Long>> sexPredicted,
      Map<String, Map<String, Long>> confusion) {
    long predictions = 200;
    Map<String, Long> predicted = new LinkedHashMap<>();
    sexPredicted.values().forEach(m -> m.forEach((k, v) -> predicted.merge(k, v, Long::sum)));
    return new WindowCounts(predictions,
        Map.of("income", new FeatureCounts(0, income, null), "region", new FeatureCounts(0, null, region)),
        predicted, confusion, Map.of("sex", sexPredicted), Map.of(), 0, 0, Map.of(), Map.of(), 0);
  }

  static Map<String, Long> ordered(String k1, Long v1, String k2, Long v2) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
