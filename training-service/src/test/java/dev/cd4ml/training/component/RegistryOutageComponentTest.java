package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class RegistryOutageComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }

  @Test
  void aRegistryOutageLeavesRegistrationPendingUntilTheRegistryIsBack() throws Exception {
    String versionId = Runs.generatedVersion("credit-outage", 1500, 21).getString("id");
    Neighbours.stopRegistry();
    String id;
    try {
      id = Runs.submit(Map.of("dataset", "credit-outage", "dataVersion", versionId, "seed", 5, "register", true,
          "modelName", "credit-outage-model"));
      JsonPath run = Runs.awaitEnd(id, Duration.ofSeconds(120)).run();
      assertThat(run.getString("status")).isEqualTo("succeeded");
      assertThat(run.getString("registration.state")).isEqualTo("pending");
      assertThat(run.getString("registration.lastError")).isNotBlank();
      assertThat(run.getMap("metrics")).containsKey("accuracy");
      // Still pending a few retries later: the model waits, it is not dropped.
      Thread.sleep(2500);
      assertThat(Runs.get(id).getString("registration.state")).isEqualTo("pending");
      assertThat(Runs.get(id).getInt("registration.attempts")).isGreaterThan(1);
    } finally {
      Neighbours.startRegistry();
    }

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> "registered".equals(Runs.get(id).getString("registration.state")));
    int version = Runs.get(id).getInt("registration.modelVersion");
    given().baseUri(Neighbours.registryUrl()).get("/models/{m}/versions/{v}", "credit-outage-model", version)
        .then().statusCode(200)
        .body("lineage.trainingRunId", equalTo(id))
        .body("lineage.dataVersion", equalTo(versionId));
  }
}
