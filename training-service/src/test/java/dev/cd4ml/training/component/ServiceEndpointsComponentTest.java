package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.cd4ml.parts.RealParts;
import dev.cd4ml.fixtures.build.CodeRevision;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class ServiceEndpointsComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }

  @Test
  void readinessIsUpWithItsRealChecks() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("training-workers", "Database connections health check"))
        .body("checks.find { it.name == 'training-workers' }.data.freeSlots", notNullValue())
        .body("checks.name", not(hasItem("kafka")));
  }

  @Test
  void readinessStaysUpWithKafkaStoppedWhichTheDependenciesGroupReports() throws Exception {
    RealParts.kafka().stop();
    try {
      // Runs' events leave through the outbox: a broker outage is no reason to stop taking requests.
      given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
      given().get("/training-runs").then().statusCode(200);
      given().get("/q/health/group/dependencies").then().statusCode(503)
          .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
    } finally {
      RealParts.kafka().start();
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> given().get("/q/health/group/dependencies").statusCode() == 200);
  }

  @Test
  void metricsArePrometheusText() {
    given().accept("text/plain").get("/q/metrics").then().statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("cd4ml_training_runs_queued"))
        .body(containsString("# TYPE"));
  }

  @Test
  void openApiDescribesTheOperationsAndSwaggerUiAnswers() {
    given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
        .body("info.title", equalTo("CD4ML training-service"))
        .body("paths", org.hamcrest.Matchers.hasKey("/training-runs"))
        .body("paths", org.hamcrest.Matchers.hasKey("/training-runs/{id}"))
        .body("paths", org.hamcrest.Matchers.hasKey("/training-runs/compare"))
        .body("paths.'/training-runs'.post.responses", org.hamcrest.Matchers.hasKey("429"))
        .body("paths.'/training-runs/{id}'.delete.responses", org.hamcrest.Matchers.hasKey("409"));
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }

  /** Probes and scrapers carry no token (issue 20), and nothing they can read shows this service's client secret. */
  @Test
  void probesAndScrapingNeedNoTokenAndShowNoSecret() {
    String secret = RealParts.keycloak().clientSecret("training-service");
    for (String path : java.util.List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/info",
        "/q/openapi")) {
      String body = given().noFilters().get(path).then().statusCode(200).extract().asString();
      org.junit.jupiter.api.Assertions.assertFalse(body.contains(secret), path + " shows the client secret");
    }
  }

  /** The pipeline's deploy step checks this before acceptance or smoke tests run. */
  @Test
  void infoReportsTheCommitTheServiceWasBuiltFrom() {
    CodeRevision.assertInfoReportsHead();
  }
}
