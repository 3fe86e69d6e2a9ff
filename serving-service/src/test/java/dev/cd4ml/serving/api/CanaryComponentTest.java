package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A production instance with the registry's canary: the split follows the weight and the routing key,
 * the answer and the log record name the role, and every change (canary in, weight, promotion, the
 * kill switch) arrives by event while requests keep succeeding.
 */
@QuarkusTest
@TestProfile(CanaryComponentTest.ProductionInstance.class)
class CanaryComponentTest {
  private static final String MODEL = "credit-canary";
  /** The role this instance's predictions require (cd4ml.serving.predictions-role). */
  static final String PREDICTIONS_ROLE = Roles.FEEDBACK_WRITER;

  @org.junit.jupiter.api.BeforeAll
  static void actWithThePredictionsRole() {
    io.restassured.RestAssured.filters(Tokens.asRole(PREDICTIONS_ROLE));
  }

  /** A production instance of a model nothing is registered for yet, without a shadow (the module's resources still apply). */
  public static class ProductionInstance implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // and one that requires a role for predictions (issue 20), as a production deployment may
      return Map.of("cd4ml.serving.model", MODEL, "cd4ml.serving.environment", "production",
          "cd4ml.serving.shadow.enabled", "false", "cd4ml.serving.predictions-role", PREDICTIONS_ROLE);
    }
  }
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String body = EventJson.write(Map.of("features", TestModels.sampleRow()));

  @TestHTTPResource("/predictions")
  URL predictions;

  @Test
  void theCanaryAnswersItsShareByRoutingKeyIsPromotedWithoutAFailedRequestAndTheKillSwitchStopsServing()
      throws Exception {
    String registry = RegistryFixture.url();
    int v1 = RegistryFixture.register(registry, MODEL, TestModels.bytes(TestModels.cart(5, 101)),
        TestModels.lineage("CART", 101));
    int v2 = RegistryFixture.register(registry, MODEL, TestModels.bytes(TestModels.forest(5, 102)),
        TestModels.lineage("RandomForest", 102));
    for (int v : new int[] {v1, v2}) {
      RegistryFixture.promote(registry, MODEL, v, "staging", null);
      RegistryFixture.accept(registry, MODEL, v);
    }
    RegistryFixture.promote(registry, MODEL, v1, "production", null);
    awaitModel(m -> m.path("version").asInt() == v1);
    predictionsNeedTheConfiguredRole();
    RegistryFixture.promote(registry, MODEL, v2, "canary", 10);
    awaitModel(m -> m.path("canary").path("version").asInt() == v2 && m.path("canary").path("trafficWeight").asInt() == 10);

    // ≥ 5,000 keyed requests: the canary's share is its weight ± 3 points, and a key keeps its model.
    Map<String, Integer> versionOfKey = new HashMap<>();
    int canary = 0;
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      JsonNode r = predict("customer-" + i);
      int version = r.get("version").asInt();
      assertEquals(version == v2 ? "canary" : "primary", r.get("role").asText(), r.toString());
      canary += version == v2 ? 1 : 0;
      versionOfKey.put("customer-" + i, version);
    }
    assertEquals(0.10, canary / (double) n, 0.03, canary + " of " + n + " answered by the canary");
    for (int i = 0; i < 300; i++) {
      assertEquals(versionOfKey.get("customer-" + i), predict("customer-" + i).get("version").asInt(), "same key, same model");
    }
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> RealParts.forward().records().stream()
        .anyMatch(rec -> isCanaryRecord(rec.fields(), v2)));
    Map<String, Object> logged = RealParts.forward().records().stream().map(r -> r.fields())
        .filter(f -> MODEL.equals(f.get("model")) && "canary".equals(f.get("role"))).findFirst().orElseThrow();
    assertEquals(v2, ((Number) logged.get("version")).intValue(), "the log record names the role of its version");

    // A request the canary refuses is the canary's refusal: in its answer and in the rejection log.
    String canaryKey = versionOfKey.entrySet().stream().filter(e -> e.getValue() == v2).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    given().contentType("application/json").header("X-Routing-Key", canaryKey).body("{\"features\":{}}")
        .post("/predictions").then().statusCode(400).contentType("application/problem+json")
        .header("X-Model-Version", "" + v2).header("X-Model-Role", "canary");
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> RealParts.forward().records().stream()
        .anyMatch(rec -> "cd4ml.rejection".equals(rec.tag()) && isCanaryRecord(rec.fields(), v2)));
    // the refused tokens, queued before it, are no refusal by a model: never in the rejection log
    assertTrue(RealParts.forward().records().stream().noneMatch(rec -> "cd4ml.rejection".equals(rec.tag())
        && MODEL.equals(rec.fields().get("model")) && rec.fields().get("status") instanceof Number st
        && (st.intValue() == 401 || st.intValue() == 403)), "401/403 are not logged as rejections");

    // Raise the weight: every key the canary had stays with it.
    RegistryFixture.promote(registry, MODEL, v2, "canary", 50);
    awaitModel(m -> m.path("canary").path("trafficWeight").asInt() == 50);
    for (int i = 0; i < 500; i++) {
      if (versionOfKey.get("customer-" + i) == v2) {
        assertEquals(v2, predict("customer-" + i).get("version").asInt());
      }
    }

    // Promote the canary under load: nothing fails, and the canary slot empties.
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicInteger ok = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(3);
    for (int t = 0; t < 3; t++) {
      clients.execute(() -> {
        while (running.get()) {
          try {
            HttpResponse<String> r = send(null);
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
            } else {
              failures.computeIfAbsent(r.statusCode() + " " + r.body(), k -> new AtomicInteger()).incrementAndGet();
            }
          } catch (Exception e) {
            failures.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
          }
        }
      });
    }
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 200);
      RegistryFixture.promote(registry, MODEL, v2, "production", null);
      awaitModel(m -> m.path("version").asInt() == v2 && m.path("canary").isMissingNode());
      int atSwap = ok.get();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > atSwap + 200);
    } finally {
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(Map.of(), Map.copyOf(failures), "no request failed across the promotion");
    JsonNode after = predict("customer-1");
    assertEquals(v2, after.get("version").asInt());
    assertEquals("primary", after.get("role").asText());

    // The kill switch: production archived without a replacement stops serving.
    RegistryFixture.promote(registry, MODEL, v2, "archived", null);
    awaitModel(m -> m.path("version").isMissingNode());
    given().contentType("application/json").body(body).post("/predictions").then().statusCode(503)
        .contentType("application/problem+json").body("detail", containsString("no model"));
  }

  /** 401 without a valid token of the realm, 403 without the role, 200 with it: single and batch predictions. */
  private void predictionsNeedTheConfiguredRole() {
    for (String path : List.of("/predictions", "/predictions/batch")) {
      String b = path.endsWith("batch") ? "[" + body + "]" : body;
      given().noFilters().contentType("application/json").body(b).post(path).then().statusCode(401)
          .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
      for (Map.Entry<String, String> bad : Tokens.refused()) {
        given().noFilters().header("Authorization", Tokens.bearer(bad.getValue())).contentType("application/json").body(b)
            .post(path).then().statusCode(401).contentType("application/problem+json");
      }
      given().noFilters().header("Authorization", Tokens.bearer(Tokens.withoutRole())).contentType("application/json")
          .body(b).post(path).then().statusCode(403).contentType("application/problem+json")
          .body("detail", containsString(PREDICTIONS_ROLE));
      given().noFilters().header("Authorization", Tokens.bearer(Tokens.forRole(Roles.PIPELINE))).contentType("application/json")
          .body(b).post(path).then().statusCode(403);
      given().noFilters().header("Authorization", Tokens.bearer(Tokens.forRole(PREDICTIONS_ROLE))).contentType("application/json")
          .body(b).post(path).then().statusCode(200);
    }
  }

  private static boolean isCanaryRecord(Map<String, Object> f, int version) {
    return MODEL.equals(f.get("model")) && f.get("version") instanceof Number v && v.intValue() == version
        && "canary".equals(f.get("role"));
  }

  private void awaitModel(java.util.function.Predicate<JsonNode> condition) {
    // reconcile runs hourly in tests: only the Kafka events can bring these changes in time
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
        condition.test(EventJson.MAPPER.readTree(given().get("/model").then().extract().asString())));
  }

  private JsonNode predict(String routingKey) throws Exception {
    HttpResponse<String> r = send(routingKey);
    assertEquals(200, r.statusCode(), r.body());
    return EventJson.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> send(String routingKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(predictions.toURI()).header("Content-Type", "application/json")
        .header("Authorization", Tokens.bearer(Tokens.forRole(PREDICTIONS_ROLE)))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (routingKey != null) {
      b.header("X-Routing-Key", routingKey);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() > 0);
    return r;
  }
}
