package dev.cd4ml.cli.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingMetersTest {
  static String text(long canaryNo, long canaryYes, long fast, long slow) {
    return """
        # HELP cd4ml_predictions_total Predictions
        # TYPE cd4ml_predictions_total counter
        cd4ml_predictions_total{label="no",model="credit-risk",role="primary",version="3"} 900.0
        cd4ml_predictions_total{label="yes",model="credit-risk",role="primary",version="3"} 100.0
        cd4ml_predictions_total{label="no",model="credit-risk",role="canary",version="4"} %d.0
        cd4ml_predictions_total{label="yes",model="credit-risk",role="canary",version="4"} %d.0
        cd4ml_predictions_total{label="yes",model="other",role="canary",version="4"} 77.0
        cd4ml_predictions_total{label="yes",model="credit-risk",role="shadow",version="4"} 55.0
        cd4ml_prediction_latency_seconds_bucket{model="credit-risk",role="canary",version="4",le="0.001"} %d.0
        cd4ml_prediction_latency_seconds_bucket{model="credit-risk",role="canary",version="4",le="0.005"} %d.0
        cd4ml_prediction_latency_seconds_bucket{model="credit-risk",role="canary",version="4",le="+Inf"} %d.0
        cd4ml_prediction_latency_seconds_count{model="credit-risk",role="canary",version="4"} %d.0
        """.formatted(canaryNo, canaryYes, fast, fast + slow, fast + slow, fast + slow);
  }

  @Test
  void readsOneVersionsPredictionsAndLatencyOfItsModelOnly() {
    ServingMeters m = ServingMeters.parse(text(80, 20, 99, 1), "credit-risk", 4, "canary");
    assertThat(m.predicted()).isEqualTo(Map.of("no", 80L, "yes", 20L));
    assertThat(m.predictions()).isEqualTo(100);
    assertThat(m.latencyP99Ms()).isEqualTo(1.0);
    assertThat(ServingMeters.parse(text(80, 20, 99, 1), "credit-risk", 3, "primary").predictions()).isEqualTo(1000);
  }

  @Test
  void theWindowIsTheDifferenceOfTwoSamples() {
    ServingMeters before = ServingMeters.parse(text(80, 20, 99, 1), "credit-risk", 4, "canary");
    ServingMeters after = ServingMeters.parse(text(120, 80, 100, 100), "credit-risk", 4, "canary").since(before);
    assertThat(after.predicted()).isEqualTo(Map.of("no", 40L, "yes", 60L));
    // 100 new observations, 1 of them fast: the p99 lies in the 5 ms bucket.
    assertThat(after.latencyP99Ms()).isEqualTo(5.0);
    assertThat(after.figures().errorRate()).isNull();
    assertThat(after.figures().accuracy()).isNull();
  }

  @Test
  void withoutObservationsThereIsNoLatency() {
    assertThat(ServingMeters.parse("", "credit-risk", 4, "canary").latencyP99Ms()).isNull();
    assertThat(ServingMeters.parse(text(0, 0, 0, 0), "credit-risk", 4, "canary").latencyP99Ms()).isNull();
  }
}
