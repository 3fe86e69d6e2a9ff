package dev.cd4ml.pacts;

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
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.fixtures.contract.TopicEvents;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * data-service honours every pact naming it: REST interactions replayed against its real running
 * jar (states made by the data writer, with a real token of the test Keycloak), messages taken from the
 * topic its real outbox published them to.
 */
@Provider("data-service")
@PactFolder("../../target/pacts")
class DataServicePactContractTest {

  static {
    // CSV bodies are text to Pact (it has no CSV matcher): the consumers' regular expressions on them apply
    System.setProperty("pact.content_type.override.text/csv", "text");
  }

  @BeforeAll
  static void freshResults() {
    Verified.reset("data-service");
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(context.getInteraction().isAsynchronousMessage() ? new MessageTestTarget()
        : new AuthenticatedTarget(Providers.data().port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursThePact(PactVerificationContext context) {
    Verified.verify(context);
  }

  @State("a dataset version exists")
  Map<String, Object> aVersionExists() {
    String dataset = "pact-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode created = generate(dataset);
    return Map.of("dataset", dataset, "id", created.get("id").asText(), "number", created.get("number").asInt());
  }

  /** A user adds a version; the data bridge reads what data-service announces on its topic. */
  @PactVerifyProvider("a new dataset version is announced")
  MessageAndMetadata versionCreated() {
    String dataset = "pact-" + UUID.randomUUID().toString().substring(0, 8);
    generate(dataset);
    var event = TopicEvents.awaitType(Providers.kafka(), Topics.DATASETS, dataset,
        EventType.DATASET_VERSION_CREATED.wireName(), Duration.ofSeconds(60)).stream()
        .filter(e -> e.type().equals(EventType.DATASET_VERSION_CREATED.wireName())).findFirst().orElseThrow();
    return new MessageAndMetadata(event.toJson().getBytes(StandardCharsets.UTF_8), Map.of("contentType", "application/json"));
  }

  static JsonNode generate(String dataset) {
    return Http.send(Http.post(Providers.data().url(), "/datasets/" + dataset + "/versions/generated?rows=300&seed=5&drift=0",
            Tokens.forRole(Roles.DATA_WRITER)).POST(HttpRequest.BodyPublishers.noBody()), 201);
  }
}
