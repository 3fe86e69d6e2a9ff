package dev.cd4ml.registry;

import static dev.cd4ml.registry.RegistryApi.PROMOTER;
import static dev.cd4ml.registry.RegistryApi.registerNew;
import static dev.cd4ml.registry.RegistryApi.stage;
import static dev.cd4ml.registry.RegistryApi.stageAndAccept;
import static dev.cd4ml.registry.RegistryApi.uniqueModel;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.ModelVersionStageChanged;
import dev.cd4ml.outbox.OutboxRelay;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.RepeatedTest;

/** Parallel promotions of different versions into production: exactly one holder, a coherent history. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class ConcurrentPromotionComponentTest {
  private static final int VERSIONS = 4;
  private static final int THREADS = 8;
  private static final int ROUNDS = 6;

  @Inject
  OutboxRelay relay;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @RepeatedTest(3)
  void concurrentPromotionsLeaveExactlyOneHolderAndACoherentHistory() throws Exception {
    String model = uniqueModel("race");
    for (int i = 0; i < VERSIONS; i++) {
      int v = registerNew(model, TinyModels.lineage("run-" + i, 0.9));
      stageAndAccept(model, v);
    }

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int version = 1 + (t + round) % VERSIONS;
          results.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return stage(model, version, "production", PROMOTER).statusCode();
          }));
        }
        for (Future<Integer> r : results) {
          assertEquals(200, r.get(60, TimeUnit.SECONDS), "every promotion is serialized, none fails");
        }
        List<Integer> inProduction = given().get("/models/{m}/versions?size=100", model).then().statusCode(200)
            .extract().jsonPath().getList("items.findAll { it.stage == 'production' }.version");
        assertEquals(1, inProduction.size(), "round " + round + ": " + inProduction);
        given().get("/models/{m}/stages/production", model).then().statusCode(200)
            .body("version", org.hamcrest.Matchers.equalTo(inProduction.get(0)));
      }
    } finally {
      pool.shutdownNow();
    }

    // Replay the audit trail: every entry starts where the previous left that version, and
    // production never has two holders.
    List<Map<String, Object>> history = given().get("/models/{m}/history", model).then().statusCode(200)
        .extract().jsonPath().getList("$");
    Map<Integer, String> stages = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      Map<String, Object> e = history.get(i);
      int version = (Integer) e.get("version");
      assertEquals(stages.getOrDefault(version, "none"), e.get("from"), "history entry " + i + " " + e);
      stages.put(version, (String) e.get("to"));
      assertTrue(stages.values().stream().filter("production"::equals).count() <= 1, "two holders after entry " + i);
    }
    List<Map<String, Object>> versions = given().get("/models/{m}/versions?size=100", model).then().extract().jsonPath().getList("items");
    for (Map<String, Object> v : versions) {
      assertEquals(v.get("stage"), stages.getOrDefault((Integer) v.get("version"), "none"), "replayed stage of " + v.get("version"));
    }

    // One event per change, in the same order as the history.
    await().atMost(Duration.ofSeconds(30)).until(() -> relay.pendingCount() == 0);
    List<EventEnvelope> events = ModelEvents.of(kafka, model);
    List<String> changes = events.stream().filter(e -> e.type().equals("model-version.stage-changed"))
        .map(e -> e.payloadAs(ModelVersionStageChanged.class))
        .map(c -> c.version() + ":" + c.from() + ">" + c.to()).toList();
    assertEquals(history.stream().map(e -> e.get("version") + ":" + e.get("from") + ">" + e.get("to")).toList(), changes);
    assertEquals(VERSIONS, events.stream().filter(e -> e.type().equals("model-version.registered")).count());
  }
}
