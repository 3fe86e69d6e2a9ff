package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.monitoring.repository.HarvestEntity;
import dev.cd4ml.monitoring.service.LabelJoiner;
import dev.cd4ml.monitoring.service.RetrainingService;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.monitoring.support.Traffic;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Harvests on the real path: traffic through serving-service, its log through the forward protocol
 * into OpenSearch, feedback through serving's {@code POST /feedback} joined onto the predictions;
 * the harvest posted to the real data-service as a version of the model's training dataset.
 * Same test resources as the other component tests: the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarvestComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  static final String M = MonitoredPlatform.MODEL;
  /**
   * Few enough, with the 20 rows of the retry test and the 20 of the alert test, to stay under the 100 predictions a drift or fairness
   * judgement needs: an evaluation in this hour by another class sees no alert from this traffic.
   */
  static final int SENT = 50;
  static Traffic traffic;
  /** requestId → the label its feedback gave (every other request). */
  static final Map<String, String> LABELS = new HashMap<>();
  static String windowVersion;
  static final List<String> SENT_IDS = new java.util.ArrayList<>();

  @Inject
  LabelJoiner joiner;
  @Inject
  RetrainingService retraining;
  @Inject
  dev.cd4ml.monitoring.repository.HarvestRepository harvests;

  @BeforeAll
  static void sendTrafficWithFeedbackForHalfOfIt() throws Exception {
    traffic = Traffic.send(DemoModel.rows(DemoData.csv(SENT, 201, 0.3)));
    traffic.served().forEach(s -> SENT_IDS.add(s.requestId()));
    for (int i = 0; i < traffic.served().size(); i += 2) {
      Traffic.Served s = traffic.served().get(i);
      LABELS.put(s.requestId(), traffic.label(s));
    }
    feedback(LABELS);
    awaitIndexed(traffic, LABELS.size());
  }

  /**
   * Takes this class's predictions out of the log again: the other classes judge the last hour, and
   * labels of theirs are what their exact figures (and noisy fairness gaps) are computed from.
   */
  @AfterAll
  static void removeThisTrafficFromTheLog() {
    forget(SENT_IDS);
  }

  /**
   * Deletes the prediction documents of these requests and their feedback (feedback without its
   * prediction would hold the label join back for join.patience); bulk deletes by id: no module needed.
   */
  static void forget(List<String> requestIds) {
    if (requestIds.isEmpty()) {
      return;
    }
    String os = RealParts.openSearch().httpUrl();
    StringBuilder ids = new StringBuilder();
    requestIds.forEach(id -> ids.append(ids.length() == 0 ? "" : ",").append('"').append(id).append('"'));
    StringBuilder bulk = new StringBuilder();
    for (String index : List.of("cd4ml-predictions-*", "cd4ml-feedback-*")) {
      JsonNode hits = MonitoredPlatform.json(MonitoredPlatform.send("POST", os + "/" + index + "/_search?ignore_unavailable=true",
          "application/json", "{\"size\":10000,\"_source\":false,\"query\":{\"terms\":{\"requestId\":[" + ids + "]}}}",
          null, 200)).path("hits").path("hits");
      hits.forEach(h -> bulk.append("{\"delete\":{\"_index\":\"").append(h.path("_index").asText()).append("\",\"_id\":\"")
          .append(h.path("_id").asText()).append("\"}}\n"));
    }
    if (bulk.length() > 0) {
      MonitoredPlatform.send("POST", os + "/_bulk?refresh=true", "application/x-ndjson", bulk.toString(), null, 200);
    }
  }


  @BeforeEach
  void joinFeedback() {
    joiner.join();
  }

  @Test
  @Order(1)
  void aWindowHarvestIsAFeedbackVersionWhoseRowsAreTheLoggedInputsPlusTheirLabels() {
    JsonNode h = harvest(Map.of("from", traffic.from().toString(), "to", traffic.to().toString(), "policy", "window",
        "minLabelled", 10), 201);
    assertThat(h.path("outcome").asText()).isEqualTo("created");
    assertThat(h.path("trigger").asText()).isEqualTo("manual");
    assertThat(h.path("requestedBy").asText()).as("the caller's token names who asked").isEqualTo("demo-monitoring");
    assertThat(h.path("predictions").asLong()).isEqualTo(SENT);
    assertThat(h.path("labelled").asLong()).isEqualTo(LABELS.size());
    assertThat(h.path("rows").asLong()).isEqualTo(LABELS.size());
    assertThat(h.path("parentVersion").asText()).isEqualTo(MonitoredPlatform.dataVersion());
    windowVersion = h.path("datasetVersion").asText();

    JsonNode v = dataVersion(windowVersion);
    assertThat(v.path("source").asText()).isEqualTo("feedback");
    assertThat(v.path("parents").get(0).asText()).isEqualTo(MonitoredPlatform.dataVersion());
    assertThat(v.path("rows").asLong()).isEqualTo(LABELS.size());
    assertThat(v.path("message").asText()).contains(traffic.from().toString(), traffic.to().toString(),
        LABELS.size() + " labelled of " + SENT + " predictions");

    List<Map<String, String>> rows = DemoModel.rows(content(windowVersion).getBytes(StandardCharsets.UTF_8));
    assertThat(content(windowVersion)).startsWith(DemoDataGenerator.HEADER + "\n");
    assertThat(rows).hasSize(LABELS.size());
    Map<String, Traffic.Served> byId = new HashMap<>();
    traffic.served().forEach(s -> byId.put(s.requestId(), s));
    for (Map<String, String> row : rows) {
      String id = row.get(DemoDataGenerator.ID);
      assertThat(LABELS).containsKey(id);
      assertThat(row.get(DemoDataGenerator.LABEL)).as(id).isEqualTo(LABELS.get(id));
      Map<String, String> sent = traffic.row(byId.get(id));
      for (String column : DemoDataGenerator.COLUMNS) {
        if (column.equals(DemoDataGenerator.ID) || column.equals(DemoDataGenerator.LABEL)) {
          continue;
        }
        String expected = sent.get(column);
        String got = row.get(column);
        if (FeatureValues.isMissing(expected)) {
          assertThat(got).as(id + " " + column).isEmpty();
        } else if (DemoModel.NUMERIC.contains(column)) {
          assertThat(Double.parseDouble(got)).as(id + " " + column).isEqualTo(Double.parseDouble(expected));
        } else {
          assertThat(got).as(id + " " + column).isEqualTo(FeatureValues.strip(expected));
        }
      }
    }
  }

  @Test
  @Order(2)
  void theSameHarvestTwiceIsUnchangedAndAnnouncedOnce() {
    long versions = datasetVersions();
    JsonNode h = harvest(Map.of("from", traffic.from().toString(), "to", traffic.to().toString(), "policy", "window",
        "minLabelled", 10), 200);
    assertThat(h.path("outcome").asText()).isEqualTo("unchanged");
    assertThat(h.path("datasetVersion").asText()).isEqualTo(windowVersion);
    assertThat(datasetVersions()).isEqualTo(versions);
    List<EventEnvelope> created = TopicEvents.read(RealParts.kafka().bootstrapServers(), Topics.DATASETS,
        MonitoredPlatform.DATASET).stream().filter(e -> e.payload().path("versionId").asText().equals(windowVersion)).toList();
    assertThat(created).as("one dataset-version.created for the version").hasSize(1);
    JsonNode listed = MonitoredPlatform.json(given().get("/monitoring/models/{m}/harvests", M).then().statusCode(200)
        .extract().asString());
    assertThat(listed.path("items").get(0).path("outcome").asText()).isEqualTo("unchanged");
    assertThat(listed.path("items").get(1).path("outcome").asText()).isEqualTo("created");
  }

  @Test
  @Order(3)
  void anAppendHarvestIsTheParentsRowsFollowedByTheNewOnes() {
    JsonNode h = harvest(Map.of("from", traffic.from().toString(), "to", traffic.to().toString(), "policy", "append",
        "minLabelled", 10), 201);
    assertThat(h.path("rows").asLong()).isEqualTo(MonitoredPlatform.TRAINING_ROWS + LABELS.size());
    String version = h.path("datasetVersion").asText();
    JsonNode v = dataVersion(version);
    assertThat(v.path("rows").asLong()).isEqualTo(MonitoredPlatform.TRAINING_ROWS + LABELS.size());
    assertThat(v.path("parents").get(0).asText()).isEqualTo(MonitoredPlatform.dataVersion());
    String parent = content(MonitoredPlatform.dataVersion());
    String appended = content(version);
    assertThat(appended).startsWith(parent);
    assertThat(appended.substring(parent.length())).isEqualTo(content(windowVersion).substring(
        (DemoDataGenerator.HEADER + "\n").length()));
  }

  @Test
  @Order(4)
  void aWindowWithoutEnoughLabelledRowsIsAConflictAndPostsNothing() {
    long versions = datasetVersions();
    given().contentType(ContentType.JSON).body(Map.of("from", "2020-01-01T00:00:00Z", "to", "2020-01-02T00:00:00Z",
            "policy", "window", "minLabelled", 1))
        .post("/monitoring/models/{m}/harvests", M).then().statusCode(409).contentType("application/problem+json")
        .body("type", containsString("not-enough-labels")).body("detail", containsString("0 labelled"));
    given().contentType(ContentType.JSON).body(Map.of("from", traffic.from().toString(), "to", traffic.to().toString(),
            "minLabelled", LABELS.size() + 1))
        .post("/monitoring/models/{m}/harvests", M).then().statusCode(409).body("type", containsString("not-enough-labels"));
    assertThat(datasetVersions()).isEqualTo(versions);
    given().queryParam("outcome", "skipped").get("/monitoring/models/{m}/harvests", M).then().statusCode(200)
        .body("items[0].outcome", equalTo("skipped")).body("items[0].reason", containsString("at least " + (LABELS.size() + 1)));
  }

  @Test
  @Order(5)
  void badRequestsAreRefusedNamingTheField() {
    given().contentType(ContentType.JSON).body(Map.of("policy", "everything"))
        .post("/monitoring/models/{m}/harvests", M).then().statusCode(400).body("errors[0].field", equalTo("policy"));
    given().contentType(ContentType.JSON).body(Map.of("from", "2026-12-01T10:00:00Z", "to", "2026-12-01T09:00:00Z"))
        .post("/monitoring/models/{m}/harvests", M).then().statusCode(400).body("errors[0].field", equalTo("from"));
    given().contentType(ContentType.JSON).body(Map.of("minLabelled", 0))
        .post("/monitoring/models/{m}/harvests", M).then().statusCode(400).body("errors[0].field", equalTo("minLabelled"));
    given().contentType(ContentType.JSON).body(Map.of()).post("/monitoring/models/{m}/harvests", "no-such-model")
        .then().statusCode(404);
    given().contentType(ContentType.JSON).body(Map.of("environment", "moon")).post("/monitoring/models/{m}/harvests", M)
        .then().statusCode(404).body("detail", containsString("moon"));
  }

  /** Issue 20: every write of monitoring needs role monitoring; a refused one records and changes nothing. */
  @Test
  @Order(5)
  void writesNeedRoleMonitoring() {
    long decisions = MonitoredPlatform.json(given().get("/monitoring/models/{m}/harvests", M).then().statusCode(200)
        .extract().asString()).path("total").asLong();
    String policy = given().get("/monitoring/models/{m}/policy", M).then().statusCode(200).extract().asString();
    List<String> refused = new java.util.ArrayList<>();
    for (Map.Entry<String, String> bad : Tokens.refused()) {
      refused.add(bad.getValue());
    }
    refused.add(Tokens.withoutRole());
    refused.add(Tokens.forRole(Roles.FEEDBACK_WRITER)); // a role for another action is not enough
    for (String token : refused) {
      int status = token.equals(Tokens.withoutRole()) || token.equals(Tokens.forRole(Roles.FEEDBACK_WRITER)) ? 403 : 401;
      io.restassured.specification.RequestSpecification[] calls = {
          given().noFilters().contentType(ContentType.JSON).body(Map.of("minLabelled", 1)),
          given().noFilters().contentType(ContentType.JSON).body(Map.of("enabled", true, "onAlert", true)),
          given().noFilters().queryParam("model", M)};
      if (!token.isEmpty()) {
        for (var c : calls) {
          c.header("Authorization", Tokens.bearer(token));
        }
      }
      calls[0].post("/monitoring/models/{m}/harvests", M).then().statusCode(status).contentType("application/problem+json");
      calls[1].put("/monitoring/models/{m}/policy", M).then().statusCode(status).contentType("application/problem+json");
      calls[2].post("/monitoring/evaluations").then().statusCode(status).contentType("application/problem+json");
    }
    given().noFilters().contentType(ContentType.JSON).body(Map.of()).post("/monitoring/models/{m}/harvests", M)
        .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    assertThat(MonitoredPlatform.json(given().get("/monitoring/models/{m}/harvests", M).then().extract().asString())
        .path("total").asLong()).as("no harvest decision recorded").isEqualTo(decisions);
    assertThat(given().get("/monitoring/models/{m}/policy", M).then().extract().asString()).as("policy unchanged").isEqualTo(policy);
    // with the role (the successful harvest above names demo-monitoring): the policy as it is, an evaluation of a
    // model nothing serves (stores nothing)
    given().header("Authorization", Tokens.bearer(Tokens.forClient(Roles.Clients.MONITORING_SERVICE)))
        .contentType(ContentType.JSON).body(Map.of("enabled", false)).put("/monitoring/models/{m}/policy", M)
        .then().statusCode(200).body("enabled", equalTo(false));
    given().queryParam("model", "nothing-serves-this").post("/monitoring/evaluations").then().statusCode(200)
        .body("size()", equalTo(0));
  }

  @Test
  @Order(6)
  void dataServiceDownFailsTheHarvestAndThePolicyRetriesItLater() throws Exception {
    // New labelled rows after the last harvested window: what the accumulated trigger harvests.
    Traffic later = Traffic.send(DemoModel.rows(DemoData.csv(20, 202, 0.3)));
    later.served().forEach(s -> SENT_IDS.add(s.requestId()));
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      labels.put(later.served().get(i).requestId(), later.label(later.served().get(i)));
    }
    feedback(labels);
    awaitIndexed(later, labels.size());
    joiner.join();
    given().contentType(ContentType.JSON).body(Map.of("enabled", true, "policy", "window", "minLabelled", 5,
            "accumulatedRows", 5, "onAlert", false, "lookback", "PT1H"))
        .put("/monitoring/models/{m}/policy", M).then().statusCode(200)
        .body("source", equalTo("stored")).body("accumulatedRows", equalTo(5)).body("policy", equalTo("window"));
    long versions = datasetVersions();
    MonitoredPlatform.stopDataService();
    HarvestEntity failed;
    try {
      Response down = given().contentType(ContentType.JSON).body(Map.of("from", later.from().toString(),
          "to", later.to().toString(), "minLabelled", 1)).post("/monitoring/models/{m}/harvests", M);
      OpenApiComponentTest.conform("post", "/monitoring/models/{name}/harvests", down, 503);
      down.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
          .body("detail", containsString("data-service"));
      failed = retraining.check(M).orElseThrow();
      assertThat(failed.outcome).isEqualTo("failed");
      assertThat(failed.trigger).isEqualTo("accumulated");
      assertThat(failed.reason).contains("data-service");
    } finally {
      MonitoredPlatform.startDataService();
    }
    assertThat(datasetVersions()).as("nothing half written").isEqualTo(versions);
    Thread.sleep(6000); // the data-service client's circuit breaker closes again after 5 s
    try {
      HarvestEntity retried = retraining.check(M).orElseThrow();
      assertThat(retried.outcome).isEqualTo("created");
      assertThat(retried.trigger).isEqualTo("accumulated");
      assertThat(retried.requestedBy).as("the policy's own harvest: nobody asked").isNull();
      assertThat(retried.windowFrom).isEqualTo(failed.windowFrom);
      assertThat(retried.windowTo).isEqualTo(failed.windowTo);
      assertThat(retried.labelled).isEqualTo(labels.size());
      assertThat(datasetVersions()).isEqualTo(versions + 1);
      assertThat(retraining.check(M)).as("nothing new since").isEqualTo(Optional.empty());
      given().queryParam("outcome", "failed").get("/monitoring/models/{m}/harvests", M).then().statusCode(200)
          .body("items.trigger", org.hamcrest.Matchers.hasItems("manual", "accumulated"));
    } finally {
      given().contentType(ContentType.JSON).body(Map.of("enabled", false)).put("/monitoring/models/{m}/policy", M)
          .then().statusCode(200).body("enabled", equalTo(false));
    }
  }

  @Test
  @Order(7)
  void aDriftAlertOnKafkaHarvestsItsNewRowsOnceAndAnAlertWithoutLabelsWaits() throws Exception {
    given().contentType(ContentType.JSON).body(Map.of("enabled", true, "policy", "window", "minLabelled", 10,
            "onAlert", true, "alertPatience", "PT1H"))
        .put("/monitoring/models/{m}/policy", M).then().statusCode(200).body("onAlert", equalTo(true));
    try {
      // New labelled rows after everything harvested so far: what the drift alert's window holds.
      Traffic alerted = Traffic.send(DemoModel.rows(DemoData.csv(20, 203, 0.3)));
      alerted.served().forEach(s -> SENT_IDS.add(s.requestId()));
      Map<String, String> labels = new HashMap<>();
      for (int i = 0; i < 10; i++) {
        labels.put(alerted.served().get(i).requestId(), alerted.label(alerted.served().get(i)));
      }
      feedback(labels);
      awaitIndexed(alerted, labels.size());
      joiner.join();
      long before = harvestCount();
      long versions = datasetVersions();
      java.time.Instant soon = java.time.Instant.now().plusSeconds(3600);
      EventEnvelope drift = alert(EventType.MODEL_MONITOR_DRIFT_DETECTED, alerted.from(), alerted.to());
      EventEnvelope fairness = alert(EventType.MODEL_MONITOR_FAIRNESS_BREACHED, alerted.from(), alerted.to());
      // The first traffic's window is harvested already; a window still to come has no labels yet.
      EventEnvelope old = alert(EventType.MODEL_MONITOR_QUALITY_DEGRADED, traffic.from(), traffic.to());
      EventEnvelope quality = alert(EventType.MODEL_MONITOR_QUALITY_DEGRADED, soon, soon.plusSeconds(3600));
      Properties props = new Properties();
      props.put("bootstrap.servers", RealParts.kafka().bootstrapServers());
      props.put("key.serializer", StringSerializer.class.getName());
      props.put("value.serializer", StringSerializer.class.getName());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
        for (EventEnvelope e : List.of(fairness, drift, drift, old, quality)) { // the drift alert delivered twice
          producer.send(new ProducerRecord<>(Topics.MONITORING, M, e.toJson())).get();
        }
      }
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
          .until(() -> harvestCount() >= before + 3);
      Thread.sleep(1500); // anything more (a second harvest of the duplicate, the fairness alert) would be there
      assertThat(harvestCount()).isEqualTo(before + 3);
      JsonNode items = MonitoredPlatform.json(given().queryParam("size", 3).get("/monitoring/models/{m}/harvests", M)
          .then().statusCode(200).extract().asString()).path("items");
      List<JsonNode> decisions = new java.util.ArrayList<>();
      items.forEach(decisions::add);
      assertThat(decisions).allSatisfy(d -> assertThat(d.path("trigger").asText()).isEqualTo("alert"));
      JsonNode harvested = decisions.stream().filter(d -> d.path("outcome").asText().equals("created")).findFirst().orElseThrow();
      assertThat(harvested.path("labelled").asLong()).isEqualTo(labels.size());
      assertThat(dataVersion(harvested.path("datasetVersion").asText()).path("message").asText()).contains("alert " + drift.id());
      assertThat(datasetVersions()).isEqualTo(versions + 1);
      assertThat(decisions.stream().map(d -> d.path("reason").asText()))
          .anySatisfy(r -> assertThat(r).contains(old.id().toString(), "already harvested"))
          .anySatisfy(r -> assertThat(r).contains("0 labelled"));
      // The alert still without labels is within its patience: a check only counts, it records nothing.
      assertThat(retraining.check(M)).isEqualTo(Optional.empty());
      assertThat(harvestCount()).isEqualTo(before + 3);
    } finally {
      given().contentType(ContentType.JSON).body(Map.of("enabled", false)).put("/monitoring/models/{m}/policy", M)
          .then().statusCode(200);
    }
  }

  @Test
  @Order(8)
  void atMostOneHarvestOfAModelIsInFlightAndAManualOneMeanwhileIsAConflict() {
    java.time.Instant now = java.time.Instant.now();
    HarvestEntity first = running(now);
    assertThat(harvests.begin(first, now.minus(Duration.ofMinutes(30)))).isTrue();
    try {
      assertThat(harvests.begin(running(now), now.minus(Duration.ofMinutes(30)))).as("the unique index decides").isFalse();
      given().contentType(ContentType.JSON).body(Map.of("from", traffic.from().toString(), "to", traffic.to().toString(),
              "policy", "window", "minLabelled", 1))
          .post("/monitoring/models/{m}/harvests", M).then().statusCode(409)
          .body("type", containsString("harvest-in-progress"));
      // A running row older than stale-after is taken as abandoned: it no longer blocks.
      HarvestEntity next = running(now);
      assertThat(harvests.begin(next, now.plusSeconds(1))).isTrue();
      harvests.finish(next.id, "failed", "test", null, null, null, null, now);
    } finally {
      harvests.finish(first.id, "failed", "test", null, null, null, null, now);
    }
  }

  static HarvestEntity running(java.time.Instant now) {
    HarvestEntity e = new HarvestEntity();
    e.id = java.util.UUID.randomUUID();
    e.model = M;
    e.environment = "production";
    e.windowFrom = now.minusSeconds(60);
    e.windowTo = now;
    e.policy = "window";
    e.trigger = "manual";
    e.minLabelled = 1;
    e.startedAt = now;
    return e;
  }

  static EventEnvelope alert(EventType type, java.time.Instant from, java.time.Instant to) {
    return EventEnvelope.of(type, "monitoring-service",
        new ModelMonitorAlert(M, "production", MonitoredPlatform.modelVersion(), "report-" + type.name(), from, to, List.of()));
  }

  static long harvestCount() {
    return MonitoredPlatform.json(given().get("/monitoring/models/{m}/harvests", M).then().statusCode(200).extract()
        .asString()).path("total").asLong();
  }

  static JsonNode harvest(Map<String, Object> body, int status) {
    Response r = given().contentType(ContentType.JSON).body(body).post("/monitoring/models/{m}/harvests", M);
    OpenApiComponentTest.conform("post", "/monitoring/models/{name}/harvests", r, status);
    return MonitoredPlatform.json(r.then().statusCode(status).extract().asString());
  }

  static JsonNode dataVersion(String id) {
    return MonitoredPlatform.json(MonitoredPlatform.send("GET", MonitoredPlatform.dataUrl() + "/datasets/"
        + MonitoredPlatform.DATASET + "/versions/" + id, null, null, null, 200));
  }

  static String content(String id) {
    return MonitoredPlatform.send("GET", MonitoredPlatform.dataUrl() + "/datasets/" + MonitoredPlatform.DATASET
        + "/versions/" + id + "/content", null, null, null, 200);
  }

  static long datasetVersions() {
    return MonitoredPlatform.json(MonitoredPlatform.send("GET", MonitoredPlatform.dataUrl() + "/datasets/"
        + MonitoredPlatform.DATASET, null, null, null, 200)).path("versions").asLong();
  }

  static void feedback(Map<String, String> labels) {
    labels.forEach((id, label) -> MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/feedback",
        "application/json", "{\"requestId\":\"" + id + "\",\"actual\":\"" + label + "\"}", Roles.FEEDBACK_WRITER, 200, 201, 202));
  }

  /** Waits until the window's predictions and the given feedback are indexed (the forward path is asynchronous). */
  static void awaitIndexed(Traffic t, int feedback) throws InterruptedException {
    String predictions = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"model\":\"" + M + "\"}},{\"range\":{\"timestamp\":"
        + "{\"gte\":\"" + t.from() + "\",\"lt\":\"" + t.to() + "\"}}}]}}}";
    StringBuilder ids = new StringBuilder();
    t.served().forEach(s -> ids.append(ids.length() == 0 ? "" : ",").append('"').append(s.requestId()).append('"'));
    String feedbackQuery = "{\"query\":{\"terms\":{\"requestId\":[" + ids + "]}}}";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      String os = RealParts.openSearch().httpUrl();
      MonitoredPlatform.send("POST", os + "/cd4ml-*/_refresh?ignore_unavailable=true", null, null, null, 200, 404);
      long p = count(os + "/cd4ml-predictions-*/_count?ignore_unavailable=true", predictions);
      long f = count(os + "/cd4ml-feedback-*/_count?ignore_unavailable=true", feedbackQuery);
      if (p >= t.rows().size() && f >= feedback) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(p + " predictions, " + f + " feedback indexed");
      }
      Thread.sleep(250);
    }
  }

  private static long count(String url, String query) {
    return MonitoredPlatform.count(url, query);
  }
}
