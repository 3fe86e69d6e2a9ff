package dev.cd4ml.data.api;

import static dev.cd4ml.fixtures.fault.Outages.assertFast;
import static dev.cd4ml.fixtures.fault.Outages.assertUnavailable;
import static dev.cd4ml.fixtures.fault.Outages.timed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.fixtures.fault.Outages.Timed;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * data-service while a dependency hangs (the FaultProxy: connections open, no byte passing, as a
 * SIGSTOPped process) or is stopped (Kafka): fast 503s naming the dependency, nothing half stored,
 * readiness down only for its database, and everything back after the fault ends, without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data"),
    @ResourceArg(name = "proxied", value = "postgres,s3")})
class DataFaultComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }

  /** A request's whole wait while a dependency hangs: the configured timeouts are 2-5 s. */
  private static final Duration FAST = Duration.ofSeconds(8);

  @AfterEach
  void heal() {
    RealParts.endFaults();
  }

  private static String upload(String dataset, String csv, int status) {
    return given().queryParam("label", "y").contentType("text/csv").body(Stored.utf8(csv))
        .post("/datasets/{n}/versions", dataset).then().statusCode(status).extract().path("id");
  }

  private static void awaitReady() {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  @Test
  void s3HungUploadsAnswer503FastAndStoreNothingWhileReadsOfTheDatabaseAnswer() throws Exception {
    awaitReady();
    String dataset = Stored.unique("s3-hang");
    upload(dataset, "a,y\n1,n\n2,y\n", 201);
    FaultProxy s3 = RealParts.proxy("s3");
    s3.stall();
    try {
      Timed put = timed("data-service upload, S3 hung", r -> r.queryParam("label", "y").contentType("text/csv")
          .body(Stored.utf8("a,y\n3,n\n4,y\n")).post("/datasets/{n}/versions", dataset));
      assertUnavailable(put, "s3", FAST);
      Timed content = timed("data-service content download, S3 hung",
          r -> r.get("/datasets/{n}/versions/latest/content", dataset));
      assertUnavailable(content, "s3", FAST);
      Timed meta = timed("data-service version metadata, S3 hung", r -> r.get("/datasets/{n}/versions/latest", dataset));
      assertEquals(200, meta.status());
      assertEquals(1, meta.response().jsonPath().getInt("number"));
      assertFast(meta, Duration.ofSeconds(2));
      Timed ready = timed("data-service readiness, S3 hung", r -> r.get("/q/health/ready"));
      assertEquals(200, ready.status(), "S3 does not gate traffic");
      Timed deps = timed("data-service dependencies group, S3 hung", r -> r.get("/q/health/group/dependencies"));
      assertEquals(503, deps.status());
      assertEquals("DOWN", deps.response().jsonPath().getString("checks.find { it.name == 's3' }.status"));
      assertFast(deps, Duration.ofSeconds(5));
    } finally {
      s3.heal();
    }
    // Nothing half stored: no version row, no event row (content the hung store may still complete
    // is unreferenced, under the key the retry writes).
    assertEquals(1, Stored.versionRows(dataset));
    assertEquals(1, Stored.outboxRows(dataset));
    given().get("/datasets/{n}/versions", dataset).then().statusCode(200);
    // Healed: the same upload succeeds, without a restart, and its content is whole.
    upload(dataset, "a,y\n3,n\n4,y\n", 201);
    given().get("/datasets/{n}/versions/latest/content", dataset).then().statusCode(200)
        .body(equalTo("a,y\n3,n\n4,y\n"));
    assertEquals(2, Stored.versionRows(dataset));
    assertEquals(2, Stored.objects(dataset).size());
  }

  @Test
  void postgresqlHungRequestsAnswer503FastReadinessGoesDownAndComesBack() throws Exception {
    awaitReady();
    String dataset = Stored.unique("pg-hang");
    upload(dataset, "a,y\n1,n\n2,y\n", 201);
    FaultProxy postgres = RealParts.proxy("postgres");
    postgres.stall();
    try {
      Timed get = timed("data-service version metadata, PostgreSQL hung",
          r -> r.get("/datasets/{n}/versions/latest", dataset));
      assertUnavailable(get, "postgresql", FAST);
      Timed put = timed("data-service upload, PostgreSQL hung", r -> r.queryParam("label", "y")
          .contentType("text/csv").body(Stored.utf8("a,y\n5,n\n6,y\n")).post("/datasets/{n}/versions", dataset));
      assertUnavailable(put, "postgresql", FAST);
      Timed ready = timed("data-service readiness, PostgreSQL hung", r -> r.get("/q/health/ready"));
      assertEquals(503, ready.status(), "without its database the service cannot serve");
      assertEquals("DOWN", ready.response().jsonPath().getString("status"));
      assertFast(ready, FAST);
    } finally {
      postgres.heal();
    }
    awaitReady();
    given().get("/datasets/{n}/versions/latest", dataset).then().statusCode(200).body("number", equalTo(1));
    assertEquals(1, Stored.versionRows(dataset), "the refused upload stored no row");
    assertEquals(1, Stored.objects(dataset).size(), "and no object: the database is asked before S3");
    upload(dataset, "a,y\n5,n\n6,y\n", 201);
  }

  @Test
  void kafkaStoppedReadinessStaysUpUploadsSucceedAndTheirEventsArePublishedAfterRestart() throws Exception {
    awaitReady();
    String dataset = Stored.unique("kafka-down");
    // A warm upload first, so the figure below is the outage's, not a cold start's.
    upload(Stored.unique("kafka-warm"), "a,y\n9,n\n8,y\n", 201);
    RealParts.kafka().stop();
    try {
      Timed put = timed("data-service upload, Kafka stopped", r -> r.queryParam("label", "y").contentType("text/csv")
          .body(Stored.utf8("a,y\n1,n\n2,y\n")).post("/datasets/{n}/versions", dataset));
      assertEquals(201, put.status(), put.response().asString());
      assertFast(put, FAST);
      Timed ready = timed("data-service readiness, Kafka stopped", r -> r.get("/q/health/ready"));
      assertEquals(200, ready.status(), "the outbox keeps the event: Kafka does not gate traffic");
      Timed deps = timed("data-service dependencies group, Kafka stopped", r -> r.get("/q/health/group/dependencies"));
      assertEquals("DOWN", deps.response().jsonPath().getString("checks.find { it.name == 'kafka' }.status"));
      assertFast(deps, Duration.ofSeconds(5));
      assertEquals(1, Stored.outboxRows(dataset));
    } finally {
      RealParts.kafka().start();
    }
    assertEquals(1, Stored.events(dataset, 1, Duration.ofSeconds(30)).size(), "published once Kafka is back");
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> "UP".equals(given().get("/q/health/group/dependencies").jsonPath()
            .getString("checks.find { it.name == 'kafka' }.status")));
    // Outages that do not gate traffic show as one gauge per dependency (refreshed every 10 s).
    String metrics = given().accept("text/plain").get("/q/metrics").asString();
    assertTrue(metrics.contains("cd4ml_dependency_up{dependency=\"kafka\""), "kafka gauge");
    assertTrue(metrics.contains("cd4ml_dependency_up{dependency=\"s3\""), "s3 gauge");
  }
}
