package dev.cd4ml.monitoring.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cd4ml.monitoring.client.RegistryClient.StageChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static StageChange change(int version, String from, String to, String label, long hours) {
    return new StageChange(version, from, to, "gocd", "why " + version, label, T0.plusSeconds(hours * 3600));
  }

  @Test
  void aVersionServesFromItsPromotionUntilItIsReplacedAndGoingBackIsARollback() {
    List<StageChange> trail = List.of(
        change(1, "none", "staging", "p/1", 0),
        change(1, "staging", "production", "p/1", 10),
        change(2, "none", "staging", "p/2", 20),
        change(1, "production", "archived", null, 30), // the registry archives the holder first
        change(2, "staging", "production", "p/2", 30),
        change(2, "production", "archived", null, 60),
        change(1, "archived", "production", "rollback/3", 60));

    List<Timeline.Span> spans = Timeline.of(trail, "production", T0.plusSeconds(110 * 3600));

    assertThat(spans).extracting(Timeline.Span::version).containsExactly(1, 2, 1);
    assertThat(spans).extracting(Timeline.Span::kind).containsExactly("promotion", "promotion", "rollback");
    assertThat(spans).extracting(Timeline.Span::pipelineLabel).containsExactly("p/1", "p/2", "rollback/3");
    assertThat(spans.get(0).until()).isEqualTo(T0.plusSeconds(30 * 3600));
    assertThat(spans.get(1).since()).isEqualTo(T0.plusSeconds(30 * 3600));
    assertThat(spans.get(2).serving()).isTrue();
    assertThat(spans.get(0).serving()).isFalse();
    // Drawn on [first promotion into production, now] = 100 hours.
    assertThat(spans.get(0).startShare()).isZero();
    assertThat(spans.get(0).widthShare()).isCloseTo(0.2, within(1e-9));
    assertThat(spans.get(1).startShare()).isCloseTo(0.2, within(1e-9));
    assertThat(spans.get(2).widthShare()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void theStagingTimelineOnlyHoldsStagingAndAnEmptyTrailHasNoSpans() {
    List<StageChange> trail = List.of(change(1, "none", "staging", "p/1", 0), change(1, "staging", "production", "p/1", 5));
    List<Timeline.Span> staging = Timeline.of(trail, "staging", T0.plusSeconds(10 * 3600));
    assertThat(staging).hasSize(1);
    assertThat(staging.get(0).until()).isEqualTo(T0.plusSeconds(5 * 3600));
    assertThat(Timeline.of(List.of(), "production", T0)).isEmpty();
  }
}
