package dev.cd4ml.training.component;

import static dev.cd4ml.fixtures.fault.Outages.assertFast;
import static dev.cd4ml.fixtures.fault.Outages.assertUnavailable;
import static dev.cd4ml.fixtures.fault.Outages.timed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.fixtures.fault.Outages.Timed;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** training-service while its PostgreSQL hangs: fast 503s naming it, readiness down, back after the heal. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service"), @ResourceArg(name = "proxied", value = "postgres")})
@QuarkusTestResource(Neighbours.class)
class TrainingFaultComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }

  /** The socket timeout is 8 s here (see application.properties). */
  private static final Duration FAST = Duration.ofSeconds(11);

  @AfterEach
  void heal() {
    RealParts.endFaults();
  }

  private static void awaitReady() {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  @Test
  void postgresqlHungRequestsAnswer503FastReadinessGoesDownAndComesBack() {
    awaitReady();
    String versionId = Runs.generatedVersion("credit-pg-hang", 300, 8).getString("id");
    FaultProxy postgres = RealParts.proxy("postgres");
    postgres.stall();
    try {
      assertUnavailable(timed("training run list, PostgreSQL hung", r -> r.get("/training-runs")), "postgresql", FAST);
      assertUnavailable(timed("training run submission, PostgreSQL hung", r -> r.contentType(ContentType.JSON)
          .body(Map.of("dataset", "credit-pg-hang", "dataVersion", versionId, "seed", 1))
          .post("/training-runs")), "postgresql", FAST);
      Timed ready = timed("training readiness, PostgreSQL hung", r -> r.get("/q/health/ready"));
      assertEquals(503, ready.status(), "without its database training cannot take runs");
      assertFast(ready, FAST);
    } finally {
      postgres.heal();
    }
    awaitReady();
    given().get("/training-runs").then().statusCode(200);
  }
}
