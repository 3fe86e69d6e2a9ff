package dev.cd4ml.monitoring.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Status;
import dev.cd4ml.monitoring.domain.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageFormatTest {

  @Test
  void numbersAreWrittenOneWayEverywhere() {
    assertThat(PageFormat.stat(0.123456)).isEqualTo("0.1235");
    assertThat(PageFormat.stat(null)).isEqualTo(PageFormat.NONE);
    assertThat(PageFormat.stat(Double.NaN)).isEqualTo(PageFormat.NONE);
    assertThat(PageFormat.share(0.8346)).isEqualTo("83.5 %");
    assertThat(PageFormat.share(1.0)).isEqualTo("100.0 %");
    assertThat(PageFormat.share(null)).isEqualTo(PageFormat.NONE);
    assertThat(PageFormat.count(1234567)).isEqualTo("1,234,567");
    assertThat(PageFormat.time(Instant.parse("2026-12-01T10:05:59Z"))).isEqualTo("2026-12-01 10:05 UTC");
    assertThat(PageFormat.abbreviate("0123456789abcdef")).isEqualTo("0123456789ab");
    assertThat(PageFormat.css(0.25)).isEqualTo("25.000%");
  }

  @Test
  void theDriftTableListsTheWorstFeatureFirst() {
    List<Report.FeatureDrift> sorted = ModelPages.worstFirst(List.of(
        drift("a", Status.OK, 0.01), drift("b", Status.ALERT, 0.3), drift("c", Status.WARN, 0.12),
        drift("d", Status.ALERT, 0.9), drift("e", Status.INSUFFICIENT_DATA, null), drift("f", Status.OK, 0.05)));
    assertThat(sorted).extracting(Report.FeatureDrift::feature).containsExactly("d", "b", "c", "f", "a", "e");
  }

  static Report.FeatureDrift drift(String name, Status status, Double psi) {
    Verdict v = new Verdict(status, "rule");
    return new Report.FeatureDrift(name, "numeric", status, psi, v, null, null, 0, 0, v, Map.of(), null);
  }
}
