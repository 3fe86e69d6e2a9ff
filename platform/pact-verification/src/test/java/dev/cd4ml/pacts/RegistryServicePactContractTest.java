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
import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.fixtures.http.MultipartBody;
import java.net.http.HttpRequest;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final AtomicInteger NAMES = new AtomicInteger();

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
        MultipartBody body = registration();
        form.setHeader("Content-Type", body.contentType());
        form.setEntity(new ByteArrayEntity(body.toByteArray(), ContentType.parse(body.contentType())));
      }
      return prepared;
    }
  }

  @State("a model version is registered")
  Map<String, Object> registered() {
    return register();
  }

  @State("a model version is in staging")
  Map<String, Object> inStaging() {
    Map<String, Object> vars = register();
    stage(vars, "staging", 200);
    return vars;
  }

  @State("a model version is in production")
  Map<String, Object> inProduction() {
    Map<String, Object> vars = register();
    stage(vars, "staging", 200);
    Http.send(Http.postJson(Providers.registry().url(), "/models/" + vars.get("model") + "/versions/" + vars.get("version")
        + "/checks", Tokens.forClient(Roles.Clients.PIPELINE), Map.of("name", "acceptance", "passed", true, "details", "pact state",
            "pipelineLabel", "pact/1")), 201);
    stage(vars, "production", 200);
    return vars;
  }

  /** A version moves to staging; serving (and monitoring) read what registry-service announces. */
  @PactVerifyProvider("a model version's stage changed")
  MessageAndMetadata stageChanged() {
    Map<String, Object> vars = register();
    stage(vars, "staging", 200);
    String type = EventType.MODEL_VERSION_STAGE_CHANGED.wireName();
    var event = TopicEvents.awaitType(Providers.kafka(), Topics.MODELS, (String) vars.get("model"), type,
        Duration.ofSeconds(60)).stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    return new MessageAndMetadata(event.toJson().getBytes(StandardCharsets.UTF_8), Map.of("contentType", "application/json"));
  }

  private static MultipartBody registration() {
    return new MultipartBody()
        .file("artifact", "model.tribuo", "application/octet-stream", TinyModel.artifact(System.nanoTime()))
        .field("lineage", "application/json", EventJson.write(TinyModel.lineage("run-" + UUID.randomUUID())));
  }

  private static Map<String, Object> register() {
    String model = "pact-" + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    MultipartBody body = registration();
    JsonNode registered = Http.send(Http.post(Providers.registry().url(), "/models/" + model + "/versions",
            Tokens.forClient(Roles.Clients.TRAINING_SERVICE))
        .header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 201);
    Map<String, Object> vars = new HashMap<>();
    vars.put("model", model);
    vars.put("version", registered.get("version").asInt());
    vars.put("sha256", registered.get("artifactSha256").asText());
    return vars;
  }

  /** Staging is the pipeline's to decide, production the release manager's. */
  private static void stage(Map<String, Object> vars, String stage, int status) {
    String token = stage.equals("staging") ? Tokens.forClient(Roles.Clients.PIPELINE) : Tokens.forRole(Roles.RELEASE_MANAGER);
    Http.send(Http.postJson(Providers.registry().url(), "/models/" + vars.get("model") + "/versions/" + vars.get("version")
        + "/stage", token, Map.of("stage", stage, "reason", "pact state", "pipelineLabel", "pact/1")),
        status);
  }
}
