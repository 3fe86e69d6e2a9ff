package dev.cd4ml.pacts;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.fixtures.http.MultipartBody;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import kotlin.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * registry-service honours every pact naming it: REST interactions replayed against its real running
 * jar with states made through its own API (register, stage, check, promote) by the identities that do
 * it in the platform (training-service registers, the pipeline stages and checks, the release manager
 * promotes: real tokens of the test Keycloak), messages taken from the topic its real outbox published them to.
 */
@Provider("registry-service")
@PactFolder("../../target/pacts")
class RegistryServicePactContractTest {
  @BeforeAll
  static void freshResults() {
    Verified.reset("registry-service");
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(context.getInteraction().isAsynchronousMessage() ? new MessageTestTarget()
        : new RegistryTarget(Providers.registry().port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursThePact(PactVerificationContext context) {
    Verified.verify(context);
  }

  /** training-service's pact matches its multipart form by content type; the registry inspects a real model. */
  private static final class RegistryTarget extends AuthenticatedTarget {
    RegistryTarget(int port) {
      super(port);
    }

    @Override
    public Pair<Object, Object> prepareRequest(Pact pact, Interaction interaction, Map<String, Object> context) {
      Pair<Object, Object> prepared = super.prepareRequest(pact, interaction, context);
      if (prepared != null && prepared.getFirst() instanceof ClassicHttpRequest form
          && interaction.getDescription().startsWith("register ")) {
        MultipartBody body = Models.registration();
        form.setHeader("Content-Type", body.contentType());
        form.setEntity(new ByteArrayEntity(body.toByteArray(), ContentType.parse(body.contentType())));
      }
      return prepared;
    }
  }

  @State("a model version is registered")
  Map<String, Object> registered() {
    return Models.register();
  }

  @State("a model version is in staging")
  Map<String, Object> inStaging() {
    Map<String, Object> vars = Models.register();
    Models.stage(vars, "staging", null);
    return vars;
  }

  @State("a model version is in production")
  Map<String, Object> inProduction() {
    return Models.inProduction(Models.newName());
  }

  @State("a model version is in staging beside one in production")
  Map<String, Object> stagedBesideProduction() {
    return Models.stagedBesideProduction();
  }

  @State("a model version is the canary beside production")
  Map<String, Object> canaryBesideProduction() {
    return Models.canaryBesideProduction();
  }

  /** A version moves to staging; serving (and monitoring) read what registry-service announces. */
  @PactVerifyProvider("a model version's stage changed")
  MessageAndMetadata stageChanged() {
    Map<String, Object> vars = Models.register();
    Models.stage(vars, "staging", null);
    String type = EventType.MODEL_VERSION_STAGE_CHANGED.wireName();
    var event = TopicEvents.awaitType(Providers.kafka(), Topics.MODELS, (String) vars.get("model"), type,
        Duration.ofSeconds(60)).stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    return new MessageAndMetadata(event.toJson().getBytes(StandardCharsets.UTF_8), Map.of("contentType", "application/json"));
  }
}
