package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a caller gets when the request is wrong (problem+json 404 or 400, naming what was wrong) and
 * when a dependency is down (503, the search engine DOWN in the dependencies group, readiness UP, nothing stored).
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class ReportErrorsComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  static final String PROBLEM = "application/problem+json";

  @Test
  void anUnknownModelVersionOrEnvironmentIsNotFound() {
    given().get("/monitoring/models/{m}/report", "no-such-model").then().statusCode(404).contentType(PROBLEM)
        .body("status", equalTo(404)).body("detail", containsString("no-such-model"));
    given().queryParam("version", 99).get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then()
        .statusCode(404).contentType(PROBLEM).body("detail", containsString("99"));
    given().queryParam("environment", "moon").get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then()
        .statusCode(404).contentType(PROBLEM).body("detail", containsString("moon"));
  }

  @Test
  void anInvertedOrUnparsableWindowIsABadRequestNamingTheField() {
    Instant now = Instant.now();
    given().queryParam("from", now.toString()).queryParam("to", now.minusSeconds(60).toString())
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then().statusCode(400).contentType(PROBLEM)
        .body("errors[0].field", equalTo("from"));
    given().queryParam("from", "yesterday").get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then()
        .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("from"));
    given().queryParam("to", "2026-13-45T99:00:00Z").get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then()
        .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("to"));
  }

  @Test
  void theSearchEngineDownIsUnavailableStoresNothingAndKeepsReadiness() throws Exception {
    awaitReportsAnswer();
    long before = storedReports();
    RealParts.openSearch().stop();
    try {
      given().get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then().statusCode(503).contentType(PROBLEM)
          .body("status", equalTo(503));
      given().queryParam("model", MonitoredPlatform.MODEL).post("/monitoring/evaluations").then().statusCode(503)
          .contentType(PROBLEM);
      // The page, stored reports and policies still answer from PostgreSQL: not a reason to leave the Service.
      given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
      given().get("/q/health/group/dependencies").then().statusCode(503)
          .body("checks.find { it.name == 'search' }.status", equalTo("DOWN"));
      assertEquals(before, storedReports());
    } finally {
      RealParts.openSearch().start();
    }
    awaitReportsAnswer();
    given().get("/q/health/ready").then().statusCode(200);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> "UP".equals(given().get("/q/health/group/dependencies").jsonPath()
            .getString("checks.find { it.name == 'search' }.status")));
  }

  @Test
  void theRegistryDownIsUnavailableAndStoresNothing() {
    awaitReportsAnswer();
    long before = storedReports();
    MonitoredPlatform.stopRegistry();
    try {
      given().get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then().statusCode(503).contentType(PROBLEM)
          .body("detail", containsString("registry"));
      given().queryParam("model", MonitoredPlatform.MODEL).post("/monitoring/evaluations").then().statusCode(503)
          .contentType(PROBLEM).body("detail", containsString("registry"));
      assertEquals(before, storedReports());
    } finally {
      MonitoredPlatform.startRegistry();
    }
    awaitReportsAnswer();
  }

  /** After an outage the circuit breakers close again within their delay. */
  static void awaitReportsAnswer() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        given().get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).statusCode() == 200);
  }

  static long storedReports() {
    return ((Number) given().get("/monitoring/models/{m}/reports", MonitoredPlatform.MODEL).then().statusCode(200)
        .extract().path("total")).longValue();
  }
}
