package dev.cd4ml.serving.events;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelVersionStageChanged;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What serving's event consumer reads of {@code model-version.stage-changed}: the envelope's type and
 * the payload's model, version, from and to (a version leaving this environment's stage matters as
 * much as one entering it), and the envelope's id, occurredAt and source that reading it requires. The real {@link ModelEventsConsumer} reads the pact's message.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "registry-service", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class ModelEventsConsumerContractTest {
  @Inject
  ModelEventsConsumer consumer;

  @Pact(consumer = "serving-service")
  V4Pact stageChanged(PactBuilder builder) {
    return builder.usingLegacyMessageDsl().expectsToReceive("a model version's stage changed")
        .withContent(newJsonBody(o -> {
          // EventEnvelope.fromJson requires id, occurredAt and source; the consumer logs the id
          o.uuid("id", java.util.UUID.fromString("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"));
          o.stringValue("type", EventType.MODEL_VERSION_STAGE_CHANGED.wireName());
          o.stringType("occurredAt", "2026-12-01T10:15:30.123Z");
          o.stringType("source", "registry-service");
          o.object("payload", p -> {
            p.stringType("model", RegistryFixture.MODEL);
            p.integerType("version", 2);
            p.stringType("from", "none");
            p.stringType("to", "staging");
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "stageChanged")
  void aVersionEnteringThisEnvironmentsStageIsRelevant(MessagePact pact) {
    Message message = pact.getMessages().get(0);
    EventEnvelope envelope = EventEnvelope.fromJson(message.contentsAsString());
    assertThat(envelope.type()).isEqualTo(EventType.MODEL_VERSION_STAGE_CHANGED.wireName());
    ModelVersionStageChanged change = envelope.payloadAs(ModelVersionStageChanged.class);
    assertThat(consumer.relevant(change)).isTrue();
    // the same change read the other way round: the version leaves staging
    assertThat(consumer.relevant(new ModelVersionStageChanged(change.model(), change.version(), change.to(),
        "production", null, null, null))).isTrue();
    consumer.onEvent(message.contentsAsString());
  }
}
