package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pipeline trains, gates, then registers: a succeeded run's model is registered when asked. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class RegistrationOnRequestComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }


  @Test
  void aSucceededRunIsRegisteredOnRequestOnceEvenWhenAskedTwice() throws Exception {
    String dataset = "gated-" + UUID.randomUUID().toString().substring(0, 8);
    String versionId = Runs.generatedVersion(dataset, 2000, 11).getString("id");
    String id = Runs.submit(Map.of("dataset", dataset, "dataVersion", versionId, "algorithm", "cart", "seed", 5,
        "register", false, "modelName", dataset));
    JsonPath run = Runs.awaitEnd(id, Duration.ofSeconds(120)).run();
    assertThat(run.getString("status")).isEqualTo("succeeded");
    assertThat(run.getString("registration.state")).isNotIn("registered", "pending");

    JsonPath registered = given().post("/training-runs/{id}/registration", id).then().statusCode(200).extract().jsonPath();
    assertThat(registered.getString("registration.state")).isEqualTo("registered");
    int version = registered.getInt("registration.modelVersion");
    given().baseUri(Neighbours.registryUrl()).get("/models/{name}/versions/{v}", dataset, version).then().statusCode(200)
        .body("lineage.trainingRunId", equalTo(id))
        .body("lineage.dataVersion", equalTo(versionId));

    // Asking again changes nothing: the same version, no second one in the registry.
    given().post("/training-runs/{id}/registration", id).then().statusCode(200)
        .body("registration.modelVersion", equalTo(version));
    given().baseUri(Neighbours.registryUrl()).get("/models/{name}/versions", dataset).then().statusCode(200)
        .body("total", equalTo(1));
  }

  @Test
  void onlyASucceededRunCanBeRegistered() {
    given().post("/training-runs/{id}/registration", UUID.randomUUID()).then().statusCode(404)
        .contentType("application/problem+json");
  }
}
