package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.monitoring.service.LabelJoiner;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.monitoring.support.Traffic;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canary analysis on the real path: a second version in the registry's canary stage at 50 %,
 * keyed single predictions through the production serving instance (which answers some with the
 * canary), feedback for every request, the log through the forward protocol into OpenSearch.
 * Same test resources as the other component tests: the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class CanaryAnalysisComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  static final String M = MonitoredPlatform.MODEL;
  /** Under the 100 predictions a drift judgement needs, so another class's evaluation of this hour sees no alert from them. */
  static final int SENT = 80;
  static final int REFUSED = 3;
  static final int CANARY_REFUSED = 2;
  static final Map<String, Integer> REFUSED_EXTRA = new HashMap<>(Map.of("primary", 0, "canary", 0));
  static int canary;
  static Traffic traffic;
  static Instant refusedTo;
  /** role → version → predicted label → count, as serving answered. */
  static final Map<String, Map<String, Long>> PREDICTED = new HashMap<>();
  static final Map<String, long[]> RIGHT_OF = new HashMap<>();
  static final List<String> SENT_IDS = new ArrayList<>();

  @Inject
  LabelJoiner joiner;

  @BeforeAll
  static void aCanaryAnswersKeyedRequestsBesideProduction() throws Exception {
    MonitoredPlatform.ensureStarted();
    String registry = MonitoredPlatform.registryUrl();
    // Another seed's model: a different tree, so its answers differ from production's on some rows.
    canary = MonitoredPlatform.register(registry, DemoModel.train(MonitoredPlatform.TRAINING_ROWS, 99),
        MonitoredPlatform.dataVersion());
    String stage = "{\"stage\":\"%s\",\"reason\":\"canary test\",\"pipelineLabel\":\"monitoring-it/2\"%s}";
    String versionUrl = registry + "/models/" + M + "/versions/" + canary;
    MonitoredPlatform.send("POST", versionUrl + "/stage", "application/json", stage.formatted("staging", ""),
        MonitoredPlatform.TOKEN, 200);
    MonitoredPlatform.send("POST", versionUrl + "/checks", "application/json",
        "{\"name\":\"acceptance\",\"passed\":true,\"details\":\"ok\",\"pipelineLabel\":\"monitoring-it/2\"}",
        MonitoredPlatform.TOKEN, 201);
    MonitoredPlatform.send("POST", versionUrl + "/stage", "application/json",
        stage.formatted("canary", ",\"trafficWeight\":50"), MonitoredPlatform.TOKEN, 200);
    awaitCanary(canary);

    Instant from = Instant.now();
    List<Map<String, String>> rows = DemoModel.rows(DemoData.csv(SENT, 301, 0.0));
    List<Traffic.Served> served = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode answer = MonitoredPlatform.json(given().baseUri(MonitoredPlatform.servingUrl())
          .header("X-Routing-Key", "caller-" + i).contentType("application/json")
          .body(Map.of("features", features(rows.get(i)))).post("/predictions")
          .then().statusCode(200).extract().asString());
      String role = answer.path("role").asText();
      String prediction = answer.path("prediction").asText();
      String actual = rows.get(i).get(dev.cd4ml.contracts.dataset.DemoDataGenerator.LABEL);
      served.add(new Traffic.Served(i + 1, answer.path("requestId").asText(), prediction));
      PREDICTED.computeIfAbsent(role + "/" + answer.path("version").asInt(), k -> new TreeMap<>()).merge(prediction, 1L, Long::sum);
      long[] right = RIGHT_OF.computeIfAbsent(role, k -> new long[2]);
      right[0]++;
      right[1] += prediction.equals(actual) ? 1 : 0;
      labels.put(answer.path("requestId").asText(), actual);
    }
    // Refused requests count against the model that refused them (serving names it in X-Model-Role): keyed
    // callers until the primary refused REFUSED and the canary CANARY_REFUSED.
    Map<String, Integer> refusedBy = new HashMap<>(Map.of("primary", 0, "canary", 0));
    for (int k = 0; k < 200 && (refusedBy.get("primary") < REFUSED || refusedBy.get("canary") < CANARY_REFUSED); k++) {
      String role = given().baseUri(MonitoredPlatform.servingUrl()).contentType("application/json")
          .header("X-Routing-Key", "refused-" + k).body("{\"features\":{\"no_such_feature\":1}}").post("/predictions")
          .then().statusCode(400).extract().header("X-Model-Role");
      int limit = "primary".equals(role) ? REFUSED : CANARY_REFUSED;
      if (refusedBy.get(role) < limit) {
        refusedBy.merge(role, 1, Integer::sum);
      } else {
        REFUSED_EXTRA.merge(role, 1, Integer::sum); // a key of a role already done: counted too
      }
    }
    refusedTo = Instant.now().plusMillis(1);
    traffic = new Traffic(from, refusedTo, rows, served);
    served.forEach(s -> SENT_IDS.add(s.requestId()));
    HarvestComponentTest.feedback(labels);
    HarvestComponentTest.awaitIndexed(traffic, labels.size());
    awaitRejections(REFUSED + CANARY_REFUSED + REFUSED_EXTRA.get("primary") + REFUSED_EXTRA.get("canary"), from);
  }

  @AfterAll
  static void abortTheCanaryAndForgetItsTraffic() throws Exception {
    MonitoredPlatform.send("POST", MonitoredPlatform.registryUrl() + "/models/" + M + "/versions/" + canary + "/stage",
        "application/json", "{\"stage\":\"archived\",\"reason\":\"canary test done\",\"pipelineLabel\":\"monitoring-it/2\"}",
        MonitoredPlatform.TOKEN, 200);
    awaitCanary(null);
    HarvestComponentTest.forget(SENT_IDS);
  }

  @Test
  void eachVersionsFiguresAreWhatServingAnsweredOverTheSameWindow() {
    joiner.join();
    // JsonPath reads numbers as floats: six digits are what it keeps.
    JsonPath a = given().queryParam("from", traffic.from().toString()).queryParam("to", refusedTo.toString())
        .get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(200).extract().jsonPath();
    int primary = MonitoredPlatform.modelVersion();
    assertThat(a.getInt("primary.version")).isEqualTo(primary);
    assertThat(a.getInt("canary.version")).isEqualTo(canary);
    Map<String, Long> primaryPredicted = PREDICTED.getOrDefault("primary/" + primary, Map.of());
    Map<String, Long> canaryPredicted = PREDICTED.getOrDefault("canary/" + canary, Map.of());
    long primaryCount = primaryPredicted.values().stream().mapToLong(Long::longValue).sum();
    long canaryCount = canaryPredicted.values().stream().mapToLong(Long::longValue).sum();
    // Every answer came from one of the two, by its role; at 50 % both answered some of the 80 keys.
    assertThat(primaryCount + canaryCount).isEqualTo(SENT);
    assertThat(canaryCount).isBetween(15L, 65L);
    assertThat(a.getLong("primary.predictions")).isEqualTo(primaryCount);
    assertThat(a.getLong("canary.predictions")).isEqualTo(canaryCount);
    assertThat(a.getDouble("canaryShare")).isCloseTo((double) canaryCount / SENT, within(1e-6));
    assertThat(longs(a.getMap("primary.predicted"))).isEqualTo(primaryPredicted);
    assertThat(longs(a.getMap("canary.predicted"))).isEqualTo(canaryPredicted);
    // Online accuracy from the feedback joined to each version's own predictions.
    long[] p = RIGHT_OF.get("primary");
    long[] c = RIGHT_OF.get("canary");
    assertThat(a.getLong("primary.labelled")).isEqualTo(p[0]);
    assertThat(a.getDouble("primary.accuracy")).isCloseTo((double) p[1] / p[0], within(1e-6));
    assertThat(a.getLong("canary.labelled")).isEqualTo(c[0]);
    assertThat(a.getDouble("canary.accuracy")).isCloseTo((double) c[1] / c[0], within(1e-6));
    assertThat(a.getDouble("primary.latencyP99Ms")).isPositive();
    assertThat(a.getDouble("canary.latencyP99Ms")).isPositive();
    assertThat(a.getDouble("predictionDriftPsi")).isGreaterThanOrEqualTo(0.0);
    // each refusal counts against the model that refused it (serving logs the canary's under the canary).
    long primaryRefused = REFUSED + REFUSED_EXTRA.get("primary");
    long canaryRefused = CANARY_REFUSED + REFUSED_EXTRA.get("canary");
    assertThat(a.getLong("primary.rejected")).isEqualTo(primaryRefused);
    assertThat(a.getDouble("primary.errorRate")).isCloseTo((double) primaryRefused / (primaryCount + primaryRefused), within(1e-6));
    assertThat(a.getLong("canary.rejected")).isEqualTo(canaryRefused);
    assertThat(a.getDouble("canary.errorRate")).isCloseTo((double) canaryRefused / (canaryCount + canaryRefused), within(1e-6));
    assertThat(a.getString("canary.role")).isEqualTo("canary");
  }

  @Test
  void badInputIsAProblemNamingWhatWasWrong() {
    given().queryParam("from", "yesterday").get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
    given().queryParam("from", "2026-12-01T11:00:00Z").queryParam("to", "2026-12-01T10:00:00Z")
        .get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(400).body("errors[0].field", equalTo("from"));
    given().queryParam("canaryVersion", MonitoredPlatform.modelVersion())
        .get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(400).body("errors[0].field", equalTo("canaryVersion"));
    given().get("/monitoring/models/{m}/canary-analysis", "no-such-model").then().statusCode(404)
        .contentType("application/problem+json");
    given().queryParam("canaryVersion", 9999).get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(404)
        .body("detail", containsString("9999"));
    given().queryParam("environment", "moon").get("/monitoring/models/{m}/canary-analysis", M).then().statusCode(404);
  }

  private static Map<String, Object> features(Map<String, String> row) {
    Map<String, Object> features = new LinkedHashMap<>();
    MonitoredPlatform.signature().features().forEach(f -> {
      String cell = row.get(f.name());
      Object value = cell == null || FeatureValues.isMissing(cell) ? null
          : DemoModel.NUMERIC.contains(f.name()) ? (Object) Double.parseDouble(FeatureValues.strip(cell)) : FeatureValues.strip(cell);
      features.put(f.name(), value);
    });
    return features;
  }

  private static Map<String, Long> longs(Map<String, Object> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
    return out;
  }

  /** Serving loads (or drops) the canary on the stage-changed event; waits until /model shows it. */
  private static void awaitCanary(Integer version) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      JsonNode model = MonitoredPlatform.json(MonitoredPlatform.send("GET", MonitoredPlatform.servingUrl() + "/model",
          null, null, null, 200));
      JsonNode c = model.path("canary");
      seen = c.toString();
      if (version == null ? !c.hasNonNull("version") : c.path("version").asInt() == version) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("serving's canary is " + seen + ", expected " + version);
  }

  private static void awaitRejections(int count, Instant from) throws InterruptedException {
    String os = dev.cd4ml.parts.RealParts.openSearch().httpUrl();
    String query = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"model\":\"" + M + "\"}},{\"range\":{\"timestamp\":"
        + "{\"gte\":\"" + from + "\"}}}]}}}";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      MonitoredPlatform.send("POST", os + "/cd4ml-rejections-*/_refresh?ignore_unavailable=true", null, null, null, 200, 404);
      seen = MonitoredPlatform.count(os + "/cd4ml-rejections-*/_count?ignore_unavailable=true", query);
      if (seen >= count) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(seen + " of " + count + " rejections indexed");
  }
}
