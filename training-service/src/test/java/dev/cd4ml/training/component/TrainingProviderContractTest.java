package dev.cd4ml.training.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.fixtures.contract.EventContracts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** training-service honours what the pipeline CLI declared it relies on. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class TrainingProviderContractTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }


  @TestHTTPResource("/")
  URL base;

  @Test
  void everyConsumerInteractionHolds() {
    assertThat(ProviderVerifier.verify("training-service", base.toString().replaceAll("/$", ""), this::state,
        (fixture, vars, request) -> {
          throw new IllegalStateException("training-service has no fixture '" + fixture + "'");
        })).isEmpty();
  }

  @Test
  void everyConsumedEventIsVerified() {
    // No consumer reads training-run events yet; the first one to declare one makes this fail until the
    // event half (TopicEvents + EventContracts, as data's and registry's contract tests do) is added here.
    assertThat(EventContracts.consumedTypes("training-service")).isEmpty();
  }

  private Map<String, String> state(String given) throws Exception {
    Map<String, String> vars = new HashMap<>();
    String dataset = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    vars.put("dataset", dataset);
    vars.put("pipelineToken", dev.cd4ml.fixtures.auth.Tokens.forClient(dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE));
    vars.put("model", dataset);
    switch (given) {
      case "a dataset version exists" -> Runs.generatedVersion(dataset, 500, 3);
      case "a training run succeeded" -> {
        Runs.generatedVersion(dataset, 500, 3);
        String id = Runs.submit(Map.of("dataset", dataset, "algorithm", "cart", "seed", 1, "register", false,
            "modelName", dataset));
        assertThat(Runs.awaitEnd(id, Duration.ofSeconds(120)).run().getString("status")).isEqualTo("succeeded");
        vars.put("runId", id);
      }
      default -> throw new IllegalStateException("training-service has no provider state '" + given + "'");
    }
    return vars;
  }
}
