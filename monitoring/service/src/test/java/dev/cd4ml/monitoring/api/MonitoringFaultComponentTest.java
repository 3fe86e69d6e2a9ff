package dev.cd4ml.monitoring.api;

import static dev.cd4ml.fixtures.fault.Outages.assertFast;
import static dev.cd4ml.fixtures.fault.Outages.assertUnavailable;
import static dev.cd4ml.fixtures.fault.Outages.timed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.fixtures.fault.Outages.Timed;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * monitoring-service while its PostgreSQL or its search engine hangs (FaultProxy: connections open,
 * no byte passing): fast 503s naming the dependency, readiness down only for the database, and
 * everything back after the heal without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring"),
    @ResourceArg(name = "proxied", value = "postgres,opensearch")})
@QuarkusTestResource(MonitoredPlatform.class)
class MonitoringFaultComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  private static final Duration FAST = Duration.ofSeconds(8);

  @AfterEach
  void heal() {
    RealParts.endFaults();
  }

  private static void awaitReady() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  @Test
  void postgresqlHungRequestsAnswer503FastReadinessGoesDownAndComesBack() {
    awaitReady();
    given().get("/monitoring/models/{m}/policy", MonitoredPlatform.MODEL).then().statusCode(200);
    FaultProxy postgres = RealParts.proxy("postgres");
    postgres.stall();
    try {
      assertUnavailable(timed("monitoring retraining policy, PostgreSQL hung",
          r -> r.get("/monitoring/models/{m}/policy", MonitoredPlatform.MODEL)), "postgresql", FAST);
      assertUnavailable(timed("monitoring stored reports, PostgreSQL hung",
          r -> r.get("/monitoring/models/{m}/reports", MonitoredPlatform.MODEL)), "postgresql", Duration.ofSeconds(15));
      Timed ready = timed("monitoring readiness, PostgreSQL hung", r -> r.get("/q/health/ready"));
      assertEquals(503, ready.status());
      assertFast(ready, FAST);
    } finally {
      postgres.heal();
    }
    awaitReady();
    given().get("/monitoring/models/{m}/policy", MonitoredPlatform.MODEL).then().statusCode(200);
  }

  @Test
  void searchEngineHungReportsAnswer503FastAndReadinessStaysUp() {
    awaitReady();
    ReportErrorsComponentTest.awaitReportsAnswer();
    FaultProxy search = RealParts.proxy("opensearch");
    search.stall();
    try {
      assertUnavailable(timed("monitoring report, search engine hung",
          r -> r.get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL)), "search", Duration.ofSeconds(15));
      assertEquals(200, timed("monitoring readiness, search engine hung", r -> r.get("/q/health/ready")).status());
      Timed policy = timed("monitoring retraining policy, search engine hung",
          r -> r.get("/monitoring/models/{m}/policy", MonitoredPlatform.MODEL));
      assertEquals(200, policy.status());
      assertFast(policy, FAST); // from PostgreSQL: no wait on the search engine's 10 s
    } finally {
      search.heal();
    }
    ReportErrorsComponentTest.awaitReportsAnswer();
  }
}
