package dev.cd4ml.pacts;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * training-service honours every pact naming it, on its real running jar beside the real data-service and
 * registry-service: states are data versions made by the data writer and runs the pipeline's client started
 * and watched to their end.
 */
@Provider("training-service")
@PactFolder("../../target/pacts")
class TrainingServicePactContractTest {

  @BeforeAll
  static void freshResults() {
    Verified.reset("training-service");
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new AuthenticatedTarget(Providers.training().port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursThePact(PactVerificationContext context) {
    Verified.verify(context);
  }

  @State("a dataset version exists")
  Map<String, Object> aVersionExists() {
    String dataset = "pact-" + UUID.randomUUID().toString().substring(0, 8);
    DataServicePactContractTest.generate(dataset);
    return new HashMap<>(Map.of("dataset", dataset, "model", dataset));
  }

  @State("a training run succeeded")
  Map<String, Object> aRunSucceeded() {
    Map<String, Object> vars = aVersionExists();
    String base = Providers.training().url();
    JsonNode run = Http.send(Http.postJson(base, "/training-runs", Tokens.forClient(Roles.Clients.PIPELINE), Map.of(
        "dataset", vars.get("dataset"), "algorithm", "cart", "seed", 1, "register", false, "modelName", vars.get("model"),
        "params", Map.of("maxDepth", 4))), 202);
    String id = run.get("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!run.path("status").asText().matches("succeeded|failed|cancelled")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("provider state: run " + id + " still " + run.path("status").asText());
      }
      sleep();
      run = Http.send(HttpRequest.newBuilder(URI.create(base + "/training-runs/" + id)).GET(), 200);
    }
    if (!run.path("status").asText().equals("succeeded")) {
      throw new AssertionError("provider state: run " + id + " " + run.path("status").asText() + ": " + run.path("failure"));
    }
    vars.put("runId", id);
    return vars;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
