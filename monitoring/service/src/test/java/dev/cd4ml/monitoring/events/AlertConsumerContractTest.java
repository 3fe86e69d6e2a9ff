package dev.cd4ml.monitoring.events;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import dev.cd4ml.monitoring.service.RetrainingService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What monitoring-service's retraining trigger reads of the alerts it publishes on {@code cd4ml.monitoring}:
 * the real {@link AlertConsumer} takes the pact's message and hands the retraining the alert's event id,
 * type, model, environment and window (a drift or a quality alert; a fairness alert triggers nothing, so it
 * is no part of the pact). The retraining's own work is the component tests'.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "monitoring-service", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class AlertConsumerContractTest {
  static final String ID = "0b8f7c1e-2d3a-4b5c-9d6e-7f8a9b0c1d2e";

  private static V4Pact alert(PactBuilder builder, String description, EventType type) {
    return builder.usingLegacyMessageDsl().expectsToReceive(description)
        .withContent(newJsonBody(o -> {
          // EventEnvelope.fromJson requires id, occurredAt and source; the retraining deduplicates on id
          o.uuid("id", UUID.fromString(ID));
          o.stringValue("type", type.wireName());
          o.stringType("occurredAt", "2026-12-01T11:00:01.123Z");
          o.stringType("source", "monitoring-service");
          o.object("payload", p -> {
            p.stringType("model", "credit");
            p.stringMatcher("environment", "test|production", "production");
            p.stringMatcher("windowFrom", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "2026-12-01T10:00:00Z");
            p.stringMatcher("windowTo", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "2026-12-01T11:00:00Z");
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "monitoring-service")
  V4Pact drift(PactBuilder builder) {
    return alert(builder, "a served version's drift alert", EventType.MODEL_MONITOR_DRIFT_DETECTED);
  }

  @Pact(consumer = "monitoring-service")
  V4Pact quality(PactBuilder builder) {
    return alert(builder, "a served version's quality alert", EventType.MODEL_MONITOR_QUALITY_DEGRADED);
  }

  @Test
  @PactTestFor(pactMethod = "drift")
  void aDriftAlertTriggersTheRetrainingCheck(MessagePact pact) {
    assertTriggered(pact, EventType.MODEL_MONITOR_DRIFT_DETECTED);
  }

  @Test
  @PactTestFor(pactMethod = "quality")
  void aQualityAlertTriggersTheRetrainingCheck(MessagePact pact) {
    assertTriggered(pact, EventType.MODEL_MONITOR_QUALITY_DEGRADED);
  }

  private static void assertTriggered(MessagePact pact, EventType type) {
    Recording retraining = new Recording();
    new AlertConsumer(retraining).onEvent(pact.getMessages().get(0).contentsAsString());
    assertThat(retraining.seen).hasSize(1);
    Seen seen = retraining.seen.get(0);
    assertThat(seen.eventId()).isEqualTo(ID);
    assertThat(seen.type()).isEqualTo(type);
    assertThat(seen.alert().model()).isEqualTo("credit");
    assertThat(seen.alert().environment()).isEqualTo("production");
    assertThat(seen.alert().windowFrom()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(seen.alert().windowTo()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
  }

  record Seen(String eventId, EventType type, ModelMonitorAlert alert) {}

  /** The retraining as the consumer calls it: what it was handed (its policy and harvest are not this test's). */
  static final class Recording extends RetrainingService {
    final List<Seen> seen = new ArrayList<>();

    Recording() {
      super(null, null, null, null, null, null);
    }

    @Override
    public void onAlert(String eventId, EventType type, ModelMonitorAlert alert) {
      seen.add(new Seen(eventId, type, alert));
    }
  }
}
