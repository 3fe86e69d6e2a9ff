package dev.cd4ml.registry;

import static dev.cd4ml.fixtures.fault.Outages.assertFast;
import static dev.cd4ml.fixtures.fault.Outages.assertUnavailable;
import static dev.cd4ml.fixtures.fault.Outages.timed;
import static dev.cd4ml.registry.RegistryApi.PIPELINE;
import static dev.cd4ml.registry.RegistryApi.registerNew;
import static dev.cd4ml.registry.RegistryApi.uniqueModel;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.fixtures.contract.TopicEvents;
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

/**
 * registry-service while a dependency hangs (FaultProxy: connections open, no byte passing) or is
 * stopped (Kafka): fast 503s naming the dependency, nothing half registered, readiness down only
 * for its database, and everything back after the fault, without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "registry"),
    @ResourceArg(name = "proxied", value = "postgres,s3")})
class RegistryFaultComponentTest {
  private static final Duration FAST = Duration.ofSeconds(8);

  @AfterEach
  void heal() {
    RealParts.endFaults();
  }

  private static void awaitReady() {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  private static Timed register(String label, String model, long seed) {
    ModelLineage lineage = TinyModels.lineage("run-" + seed, 0.9);
    return timed(label, r -> r.header("Authorization", "Bearer " + RegistryApi.trainingService()).multiPart("artifact", "model.tribuo", TinyModels.artifact(seed), "application/octet-stream")
        .multiPart("lineage", TinyModels.json(lineage), "application/json").post("/models/{name}/versions", model));
  }

  @Test
  void s3HungRegistrationsAndDownloadsAnswer503FastAndMetadataStillAnswers() {
    awaitReady();
    String model = uniqueModel("s3-hang");
    registerNew(model, TinyModels.lineage("run-first", 0.9));
    FaultProxy s3 = RealParts.proxy("s3");
    s3.stall();
    try {
      assertUnavailable(register("registry registration, S3 hung", model, 4242), "s3", FAST);
      assertUnavailable(timed("registry artifact download, S3 hung",
          r -> r.get("/models/{m}/versions/1/artifact", model)), "s3", FAST);
      Timed meta = timed("registry version metadata, S3 hung", r -> r.get("/models/{m}/versions/1", model));
      assertEquals(200, meta.status());
      assertFast(meta, Duration.ofSeconds(2));
      assertEquals(200, timed("registry readiness, S3 hung", r -> r.get("/q/health/ready")).status(),
          "S3 does not gate traffic");
      Timed deps = timed("registry dependencies group, S3 hung", r -> r.get("/q/health/group/dependencies"));
      assertEquals("DOWN", deps.response().jsonPath().getString("checks.find { it.name == 's3' }.status"));
      assertFast(deps, Duration.ofSeconds(5));
    } finally {
      s3.heal();
    }
    // Nothing half registered; after the heal the same registration succeeds as version 2.
    given().get("/models/{m}/versions", model).then().statusCode(200).body("total", equalTo(1));
    assertEquals(201, register("registry registration, S3 healed", model, 4242).status());
    given().get("/models/{m}/versions/2/artifact", model).then().statusCode(200);
  }

  @Test
  void postgresqlHungRequestsAnswer503FastReadinessGoesDownAndComesBack() {
    awaitReady();
    String model = uniqueModel("pg-hang");
    registerNew(model, TinyModels.lineage("run-first", 0.9));
    FaultProxy postgres = RealParts.proxy("postgres");
    postgres.stall();
    try {
      assertUnavailable(timed("registry version metadata, PostgreSQL hung",
          r -> r.get("/models/{m}/versions/1", model)), "postgresql", FAST);
      assertUnavailable(timed("registry stage change, PostgreSQL hung", r -> r.contentType(ContentType.JSON)
          .header("Authorization", "Bearer " + RegistryApi.bearer(PIPELINE))
          .body(Map.of("stage", "staging", "reason", "fault test", "pipelineLabel", "model-pipeline/1"))
          .post("/models/{m}/versions/1/stage", model)), "postgresql", FAST);
      assertUnavailable(register("registry registration, PostgreSQL hung", model, 777), "postgresql", FAST);
      Timed ready = timed("registry readiness, PostgreSQL hung", r -> r.get("/q/health/ready"));
      assertEquals(503, ready.status(), "without its database the registry cannot serve");
      assertFast(ready, FAST);
    } finally {
      postgres.heal();
    }
    awaitReady();
    given().get("/models/{m}/versions/1", model).then().statusCode(200).body("stage", equalTo("none"));
    given().get("/models/{m}/versions", model).then().statusCode(200).body("total", equalTo(1));
    assertEquals(201, register("registry registration, PostgreSQL healed", model, 777).status());
  }

  @Test
  void kafkaStoppedReadinessStaysUpAndRegistrationsGoThroughTheOutbox() throws Exception {
    awaitReady();
    String model = uniqueModel("kafka-down");
    RealParts.kafka().stop();
    try {
      Timed put = register("registry registration, Kafka stopped", model, 99);
      assertEquals(201, put.status(), put.response().asString());
      assertFast(put, Duration.ofSeconds(5));
      assertEquals(200, timed("registry readiness, Kafka stopped", r -> r.get("/q/health/ready")).status());
      Timed deps = timed("registry dependencies group, Kafka stopped", r -> r.get("/q/health/group/dependencies"));
      assertEquals("DOWN", deps.response().jsonPath().getString("checks.find { it.name == 'kafka' }.status"));
    } finally {
      RealParts.kafka().start();
    }
    assertEquals(1, TopicEvents.awaitType(RealParts.kafka().bootstrapServers(), Topics.MODELS, model,
        "model-version.registered", Duration.ofSeconds(30)).size(), "published once Kafka is back");
  }
}
