package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrainingPolicyTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final RetrainingPolicy ON = new RetrainingPolicy(true, "production", HarvestPolicy.APPEND, 100, true, 500,
      Duration.ofDays(1), Duration.ofHours(24), Duration.ofHours(1));

  static ModelMonitorAlert alert(String environment) {
    return new ModelMonitorAlert("credit", environment, 3, "r1", NOW.minusSeconds(3600), NOW, List.of());
  }

  @Test
  void onlyDriftAndQualityAlertsOfTheHarvestedEnvironmentTrigger() {
    assertThat(ON.ignores(EventType.MODEL_MONITOR_DRIFT_DETECTED, alert("production"))).isEmpty();
    assertThat(ON.ignores(EventType.MODEL_MONITOR_QUALITY_DEGRADED, alert("production"))).isEmpty();
    assertThat(ON.ignores(EventType.MODEL_MONITOR_FAIRNESS_BREACHED, alert("production"))).get().asString()
        .contains("fairness-breached");
    assertThat(ON.ignores(EventType.MODEL_MONITOR_DRIFT_DETECTED, alert("test"))).get().asString().contains("test");
    assertThat(RetrainingPolicy.OFF.ignores(EventType.MODEL_MONITOR_DRIFT_DETECTED, alert("production"))).get()
        .asString().contains("off");
    RetrainingPolicy noAlerts = new RetrainingPolicy(true, "production", HarvestPolicy.APPEND, 100, false, 500, null,
        Duration.ofHours(24), Duration.ofHours(1));
    assertThat(noAlerts.ignores(EventType.MODEL_MONITOR_DRIFT_DETECTED, alert("production"))).isPresent();
  }

  @Test
  void accumulatedRowsNeedTheThresholdAndTheMinimum() {
    assertThat(ON.accumulatedDue(499)).isFalse();
    assertThat(ON.accumulatedDue(500)).isTrue();
    RetrainingPolicy small = new RetrainingPolicy(true, "production", HarvestPolicy.WINDOW, 100, true, 10, null,
        Duration.ofHours(24), Duration.ofHours(1));
    assertThat(small.accumulatedDue(50)).as("below minLabelled").isFalse();
    assertThat(small.accumulatedDue(100)).isTrue();
    assertThat(RetrainingPolicy.OFF.accumulatedDue(1_000_000)).isFalse();
  }

  @Test
  void newRowsStartWhereTheLastHarvestEndedOrAtTheLookback() {
    assertThat(ON.newRowsSince(null, NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    Instant last = NOW.minusSeconds(600);
    assertThat(ON.newRowsSince(last, NOW)).isEqualTo(last);
  }

  @Test
  void theScheduleIsDueOncePerPeriod() {
    assertThat(ON.scheduleDue(null, NOW)).isTrue();
    assertThat(ON.scheduleDue(NOW.minus(Duration.ofHours(23)), NOW)).isFalse();
    assertThat(ON.scheduleDue(NOW.minus(Duration.ofDays(1)), NOW)).isTrue();
    assertThat(RetrainingPolicy.OFF.scheduleDue(null, NOW)).as("no schedule").isFalse();
  }

  @Test
  void anAlertWaitsForLabelsWithinItsPatience() {
    assertThat(ON.enoughLabels(99)).isFalse();
    assertThat(ON.enoughLabels(100)).isTrue();
    assertThat(ON.stillPatient(NOW.minusSeconds(3599), NOW)).isTrue();
    assertThat(ON.stillPatient(NOW.minusSeconds(3601), NOW)).isFalse();
  }

  @Test
  void invalidPoliciesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new RetrainingPolicy(true, "production", HarvestPolicy.APPEND, 0, true, 0, null,
        Duration.ofHours(1), Duration.ZERO)).hasMessageStartingWith("minLabelled:");
    assertThatThrownBy(() -> new RetrainingPolicy(true, "production", HarvestPolicy.APPEND, 1, true, -1, null,
        Duration.ofHours(1), Duration.ZERO)).hasMessageStartingWith("accumulatedRows:");
    assertThatThrownBy(() -> new RetrainingPolicy(true, "production", HarvestPolicy.APPEND, 1, true, 0, Duration.ZERO,
        Duration.ofHours(1), Duration.ZERO)).hasMessageStartingWith("schedule:");
    assertThatThrownBy(() -> HarvestPolicy.parse("all")).hasMessageContaining("append or window");
  }
}
