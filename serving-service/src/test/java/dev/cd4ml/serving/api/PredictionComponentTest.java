package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.fixtures.hostile.SlowClient;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Order(2)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class PredictionComponentTest {
  @TestHTTPResource("/")
  URL base;

  @org.junit.jupiter.api.BeforeAll
  static void actAsFeedbackWriter() {
    // Feedback needs role feedback-writer (issue 20): requests of this class carry demo-feedback-writer's token
    // (predictions are open and never look at it).
    io.restassured.RestAssured.filters(Tokens.asRole(Roles.FEEDBACK_WRITER));
  }

  @Test
  void startupLoadedTheStagingVersionFromTheRegistry() throws Exception {
    Integer staged = RegistryFixture.stageVersion(RegistryFixture.url(), "staging");
    given().get("/model").then().statusCode(200)
        .body("model", equalTo(RegistryFixture.MODEL))
        .body("stage", equalTo("staging"))
        .body("environment", equalTo("test"))
        .body("version", equalTo(staged))
        .body("loadedAt", notNullValue())
        .body("artifactSha256", notNullValue())
        .body("lineage.dataset", equalTo("credit"))
        .body("signature.features.name", hasItems("age", "income", "sex", "purpose"))
        .body("shadow.version", equalTo(2));
  }

  @Test
  void predictsWithTheServedVersion() {
    int version = given().get("/model").then().extract().path("version");
    given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .post("/predictions").then().statusCode(200)
        .body("requestId", notNullValue())
        .body("model", equalTo(RegistryFixture.MODEL))
        .body("version", equalTo(version))
        .body("prediction", org.hamcrest.Matchers.oneOf("yes", "no"))
        .body("$", not(hasKey("shadowPrediction")))
        .body("$", not(hasKey("explanation")));
  }

  @Test
  void explainsATreeByItsDecisionPath() {
    String kind = given().get("/model").then().extract().path("kind");
    JsonPath r = given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .queryParam("explain", true).post("/predictions").then().statusCode(200).extract().jsonPath();
    if ("tree".equals(kind)) {
      assertEquals("decision-path", r.getString("explanation.method"));
      assertEquals(r.getString("prediction"), r.getString("explanation.leaf"));
      List<Map<String, Object>> path = r.getList("explanation.path");
      assertFalse(path.isEmpty());
      assertTrue(path.stream().allMatch(s -> ((String) s.get("condition")).startsWith((String) s.get("feature"))));
    } else {
      assertEquals("lime", r.getString("explanation.method"));
    }
  }

  @Test
  void everyInvalidFieldIsListedInOneProblem() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.remove("income");
    row.put("colour", "red");
    row.put("age", "old");
    row.put("purpose", "yacht");
    given().contentType(ContentType.JSON).body(Map.of("features", row))
        .post("/predictions").then().statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", hasItems("features.income", "features.colour", "features.age", "features.purpose"))
        .body("errorCount", equalTo(4));
  }

  @Test
  void refusedRequestsAreLoggedAsRejectionsNamingTheirField() {
    ForwardReceiver receiver = RealParts.forward();
    String marker = "colour_" + System.nanoTime();
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.put(marker, "red");
    given().contentType(ContentType.JSON).body(Map.of("features", row)).post("/predictions").then().statusCode(400);
    Map<String, Object> single = rejectionNaming(receiver, "features." + marker);
    assertEquals("/predictions", single.get("endpoint"));
    assertEquals(400L, ((Number) single.get("status")).longValue());
    assertEquals("validation", single.get("problemType"));
    assertEquals("test", single.get("environment"));
    assertEquals(RegistryFixture.MODEL, single.get("model"));
    int served = given().get("/model").then().statusCode(200).extract().path("version");
    assertEquals(served, ((Number) single.get("version")).intValue());
    assertNotNull(single.get("requestId"));
    assertNotNull(single.get("timestamp"));

    // a bad row of a batch is refused on its own (the batch answers 200): its record names the row and the batch
    String batchMarker = "shade_" + System.nanoTime();
    Map<String, Object> bad = new HashMap<>(TestModels.sampleRow());
    bad.put(batchMarker, 1);
    String batchId = given().contentType(ContentType.JSON).body(List.of(TestModels.sampleRow(), bad))
        .post("/predictions/batch").then().statusCode(200).extract().header("X-Batch-Id");
    Map<String, Object> inBatch = rejectionNaming(receiver, "features." + batchMarker);
    assertEquals(2L, ((Number) inBatch.get("row")).longValue());
    assertEquals(batchId, inBatch.get("batchId"));
    assertEquals("/predictions/batch", inBatch.get("endpoint"));

    // a CSV header the model does not know: 400, logged with the column named
    String column = "tint_" + System.nanoTime();
    given().contentType("text/csv").body("age," + column + "\n1,red\n").post("/predictions/batch").then().statusCode(400);
    assertEquals(400L, ((Number) rejectionNaming(receiver, column).get("status")).longValue());

    // a body that is not JSON is refused before any resource code runs: logged too, with its problem type
    long malformed = receiver.records().stream().filter(r -> r.tag().equals("cd4ml.rejection")
        && "malformed-json".equals(r.fields().get("problemType"))).count();
    given().contentType(ContentType.JSON).body("{\"features\": {\"age\": ").post("/predictions").then().statusCode(400);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .filter(r -> r.tag().equals("cd4ml.rejection") && "malformed-json".equals(r.fields().get("problemType"))
            && "/predictions".equals(r.fields().get("endpoint"))).count() > malformed);
  }

  private static Map<String, Object> rejectionNaming(ForwardReceiver receiver, String field) {
    return Awaitility.await().atMost(Duration.ofSeconds(15)).until(
        () -> receiver.records().stream().filter(r -> r.tag().equals("cd4ml.rejection"))
            .filter(r -> r.fields().get("fields") instanceof List<?> l && l.contains(field))
            .map(ForwardReceiver.Record::fields).findFirst().orElse(null), java.util.Objects::nonNull);
  }

  @Test
  void malformedAndMissingBodiesAreProblems() {
    given().contentType(ContentType.JSON).body("{\"features\": {\"age\": ").post("/predictions").then().statusCode(400)
        .contentType("application/problem+json");
    given().contentType(ContentType.JSON).body("{}").post("/predictions").then().statusCode(400)
        .body("errors.field", hasItems("features"));
  }

  @Test
  void oversizedBodyIs413() {
    StringBuilder big = new StringBuilder("{\"features\": {\"age\": 1, \"pad\": \"");
    big.append("x".repeat(70 * 1024)).append("\"}}");
    ForwardReceiver receiver = RealParts.forward();
    long before = receiver.records().stream().filter(r -> r.tag().equals("cd4ml.rejection")
        && "too-large".equals(r.fields().get("problemType"))).count();
    given().contentType(ContentType.JSON).body(big.toString()).post("/predictions").then().statusCode(413)
        .contentType("application/problem+json").body("status", equalTo(413));
    // refused before any resource runs, and still logged as a rejection
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .filter(r -> r.tag().equals("cd4ml.rejection") && "too-large".equals(r.fields().get("problemType"))).count() > before);
  }

  /**
   * Without a Content-Length a body is held to the same 64 KiB as it arrives: a 2 MB chunked prediction is a 413
   * problem once 64 KiB have come (before it was read whole, parsed and answered 400), still logged as a rejection;
   * feedback too.
   */
  @Test
  void chunkedBodiesAreHeldToTheSameLimitAsTheyArrive() throws Exception {
    ForwardReceiver receiver = RealParts.forward();
    long before = receiver.records().stream().filter(r -> r.tag().equals("cd4ml.rejection")
        && "too-large".equals(r.fields().get("problemType"))).count();
    byte[] prefix = "{\"features\": {\"age\": 1, \"pad\": \"".getBytes(StandardCharsets.US_ASCII);
    byte[] filler = "x".getBytes(StandardCharsets.US_ASCII);
    for (String path : List.of("/predictions", "/feedback")) {
      // feedback with a token that may send it, so the limit (not the 401) is what answers
      SlowClient.Chunked sent = SlowClient.chunked(base.toURI(), path, "application/json",
          List.of("Authorization: " + Tokens.bearer(Tokens.forRole(Roles.FEEDBACK_WRITER))), prefix, filler,
          2L << 20, Duration.ofSeconds(10));
      assertEquals(413, sent.answer().status(), path + ": " + sent.answer().text());
      assertTrue(sent.answer().text().contains("application/problem+json"), sent.answer().text());
      assertTrue(sent.answer().text().contains("limit of 65536 bytes"), sent.answer().text());
    }
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .filter(r -> r.tag().equals("cd4ml.rejection") && "too-large".equals(r.fields().get("problemType"))).count() > before);
    // a chunked body within the limit is predicted as usual
    SlowClient.Chunked small = SlowClient.chunked(base.toURI(), "/predictions", "application/json",
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Map.of("features", TestModels.sampleRow())),
        filler, 0, Duration.ofSeconds(10));
    assertEquals(200, small.answer().status(), small.answer().text());
  }

  /**
   * Slow batch clients cannot take serving: beyond the cap of batches in progress (test profile 4) one more is a 503
   * with Retry-After at once; meanwhile /model, predictions and readiness answer; the slow ones are ended by the body
   * timeout (test profile 2 s) and batches work again.
   */
  @Test
  void slowBatchesAreCappedAndEndedWhileTheRestAnswers() throws Exception {
    int cap = 4;
    int clients = 210; // more than the 200 worker threads they parked before the cap existed
    // the connection timeouts come from service-support's shared defaults
    org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    assertEquals(Duration.ofSeconds(60), config.getValue("quarkus.http.idle-timeout", Duration.class));
    assertEquals(Duration.ofSeconds(20), config.getValue("quarkus.http.read-timeout", Duration.class));
    given().get("/q/health/ready").then().statusCode(200);
    try (SlowClient slow = SlowClient.open(base.toURI(), clients, "POST", "/predictions/batch",
        List.of("Content-Type: application/json"), 100_000, "[{\"features\": {".getBytes(StandardCharsets.US_ASCII))) {
      List<SlowClient.Answer> first = slow.answers(Duration.ofMillis(1500));
      assertEquals(clients - cap, SlowClient.count(first, 503), first.toString());
      SlowClient.Answer busy = first.stream().filter(a -> a.status() == 503).findFirst().orElseThrow();
      assertTrue(busy.text().contains("Retry-After: 5") && busy.text().contains("uploads-busy"), busy.text());

      long t0 = System.nanoTime();
      given().get("/model").then().statusCode(200);
      given().get("/q/health/ready").then().statusCode(200);
      given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow())).post("/predictions")
          .then().statusCode(200);
      long took = System.nanoTime() - t0;
      assertTrue(took < Duration.ofSeconds(3).toNanos(), "answered while batches stall, in " + took / 1_000_000 + " ms");

      List<SlowClient.Answer> later = slow.answers(Duration.ofSeconds(8));
      assertEquals(clients, later.stream().filter(a -> a.status() == 408 || a.status() == -1).count(),
          "every slow batch was ended: " + later);
      assertTrue(later.stream().anyMatch(a -> a.status() == 408 && a.text().contains("body-timeout")), later.toString());
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().contentType(ContentType.JSON)
        .body(List.of(Map.of("features", TestModels.sampleRow()))).post("/predictions/batch").statusCode() == 200);
  }

  @Test
  void batchStreamsOneResultPerRowFromJsonOrCsv() {
    Map<String, Object> bad = new HashMap<>(TestModels.sampleRow());
    bad.put("sex", "x");
    List<Object> rows = List.of(Map.of("features", TestModels.sampleRow()), TestModels.row(50, 90000, 0, "male", "home", "own"), bad);
    given().contentType(ContentType.JSON).body(rows).post("/predictions/batch").then().statusCode(200)
        .body("size()", equalTo(3))
        .body("row", equalTo(List.of(1, 2, 3)))
        .body("[0].prediction", notNullValue())
        .body("[1].prediction", notNullValue())
        .body("[2].prediction", nullValue())
        .body("[2].errors.field", equalTo(List.of("features.sex")));

    String csv = "id,age,income,num_late_payments,sex,purpose,housing,defaulted\n"
        + "a1,29,21000,3,female,education,rent,yes\n"
        + "a2,,90000,0,male,home,own,no\n"
        + "a3,x,90000,0,male,home,own,no\n";
    given().contentType("text/csv").body(csv).queryParam("id", "id").post("/predictions/batch").then().statusCode(200)
        .body("size()", equalTo(3))
        .body("id", equalTo(List.of("a1", "a2", "a3")))
        .body("[0].prediction", notNullValue())
        .body("[1].prediction", notNullValue())
        .body("[2].errors[0].field", equalTo("age"))
        .body("[2].errors[0].line", equalTo(4));

    // A row of the training CSV is served as training read it: every missing spelling, exponents, blanks; a broken
    // record is that row's error and the rows after it are still predicted.
    String training = "id,age,income,num_late_payments,sex,purpose,housing,defaulted\r\n"
        + "b1,NA,2.1e4,N/A,female, education ,rent,yes\r\n"
        + "b2,nan,NaN,null,NULL,home,own,no\r\n"
        + "b3,4\"1,9E4,0,male,home,own,no\r\n"
        + "b4,\" 33 \",-2.5E-2,0,\"male\",\"car\",own,no\r\n";
    given().contentType("text/csv").body(training).queryParam("id", "id").post("/predictions/batch").then().statusCode(200)
        .body("size()", equalTo(4))
        .body("row", equalTo(List.of(1, 2, 3, 4)))
        .body("[0].prediction", notNullValue())
        .body("[1].prediction", notNullValue())
        .body("[2].prediction", nullValue())
        .body("[2].errors[0].line", equalTo(4))
        .body("[2].errors[0].message", org.hamcrest.Matchers.containsString("quote character inside an unquoted field"))
        .body("[3].prediction", notNullValue());

    given().contentType("text/csv").body("age,colour\n1,red\n").post("/predictions/batch").then().statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItems("colour", "income", "sex"));
  }

  @Test
  void predictionRecordsReachFluentdWithEveryFieldAndTheShadowsAnswer() {
    ForwardReceiver receiver = RealParts.forward();
    String requestId = given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .post("/predictions").then().statusCode(200)
        .body("$", not(hasKey("shadowVersion")))
        .extract().path("requestId");
    Map<String, Object> record = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
        () -> receiver.records().stream().filter(r -> r.tag().equals("cd4ml.prediction"))
            .filter(r -> requestId.equals(r.fields().get("requestId"))).map(ForwardReceiver.Record::fields)
            .findFirst().orElse(null), java.util.Objects::nonNull);
    int version = given().get("/model").then().extract().path("version");
    assertEquals("test", record.get("environment"));
    assertEquals(RegistryFixture.MODEL, record.get("model"));
    assertEquals(version, ((Number) record.get("version")).intValue());
    assertNotNull(record.get("timestamp"));
    assertEquals(29.0, ((Number) record.get("age")).doubleValue());
    assertEquals(21000.0, ((Number) record.get("income")).doubleValue());
    assertEquals(3.0, ((Number) record.get("num_late_payments")).doubleValue());
    assertEquals("female", record.get("sex"));
    assertEquals("education", record.get("purpose"));
    assertEquals("rent", record.get("housing"));
    assertNotNull(record.get("prediction"));
    assertTrue(((Number) record.get("latencyMs")).doubleValue() >= 0);
    // the shadow (v2, a forest) predicted the same row off the request path
    assertEquals(2, ((Number) record.get("shadowVersion")).intValue());
    assertTrue(List.of("yes", "no").contains(record.get("shadowPrediction")));
    assertEquals(record.get("prediction").equals(record.get("shadowPrediction")), record.get("shadowAgreement"));
    if (version == 2) {
      assertTrue(record.get("probabilities") instanceof Map<?, ?> p && p.keySet().containsAll(List.of("yes", "no")));
    }
  }

  @Test
  void theUnloggedBenchmarkEndpointPredictsAlikeAndLogsNothing() {
    ForwardReceiver receiver = RealParts.forward();
    Map<String, Object> features = Map.of("features", TestModels.sampleRow());
    JsonPath unlogged = given().contentType(ContentType.JSON).body(features)
        .post("/bench/predictions-unlogged").then().statusCode(200).extract().jsonPath();
    JsonPath logged = given().contentType(ContentType.JSON).body(features)
        .post("/predictions").then().statusCode(200).extract().jsonPath();
    assertEquals(logged.getInt("version"), unlogged.getInt("version"));
    assertEquals(logged.getString("prediction"), unlogged.getString("prediction"));
    given().contentType(ContentType.JSON).body(Map.of("features", Map.of("age", "old")))
        .post("/bench/predictions-unlogged").then().statusCode(400).contentType("application/problem+json");

    // Records leave in order: once the later, logged one is there, the unlogged one would be too.
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .anyMatch(r -> logged.getString("requestId").equals(r.fields().get("requestId"))));
    assertTrue(receiver.records().stream().noneMatch(r -> unlogged.getString("requestId").equals(r.fields().get("requestId"))));
  }

  @Test
  void feedbackIsLoggedAsGroundTruth() {
    ForwardReceiver receiver = RealParts.forward();
    given().contentType(ContentType.JSON).body(Map.of("requestId", "req-fb-1", "actual", "yes"))
        .post("/feedback").then().statusCode(202);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .anyMatch(r -> r.tag().equals("cd4ml.feedback") && "req-fb-1".equals(r.fields().get("requestId"))
            && "yes".equals(r.fields().get("actual"))));
    // a label the model does not know: 400 naming the field, nothing logged
    given().contentType(ContentType.JSON).body(Map.of("requestId", "req-fb-2", "actual", "maybe"))
        .post("/feedback").then().statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("actual")))
        .body("errors[0].message", containsString("'maybe' is not a label of the model"));
    given().contentType(ContentType.JSON).body(Map.of("actual", "maybe"))
        .post("/feedback").then().statusCode(400)
        .body("errors.field", hasItems("requestId", "actual"))
        .body("errors.message", everyItem(notNullValue()))
        .body("detail", containsString("invalid feedback"));
  }

  @Test
  void feedbackNeedsRoleFeedbackWriterAndNamesWhoSentIt() {
    ForwardReceiver receiver = RealParts.forward();
    String requestId = given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .post("/predictions").then().statusCode(200).extract().path("requestId");
    Map<String, String> body = Map.of("requestId", requestId, "actual", "yes");
    given().noFilters().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(401)
        .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
    for (Map.Entry<String, String> bad : Tokens.refused()) {
      given().noFilters().header("Authorization", Tokens.bearer(bad.getValue())).contentType(ContentType.JSON).body(body)
          .post("/feedback").then().statusCode(401).contentType("application/problem+json");
    }
    given().noFilters().header("Authorization", Tokens.bearer(Tokens.withoutRole())).contentType(ContentType.JSON)
        .body(body).post("/feedback").then().statusCode(403).contentType("application/problem+json");
    // a role for another action is not enough
    given().noFilters().header("Authorization", Tokens.bearer(Tokens.forRole(Roles.MONITORING))).contentType(ContentType.JSON)
        .body(body).post("/feedback").then().statusCode(403);

    given().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(202);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
        .anyMatch(r -> r.tag().equals("cd4ml.feedback") && requestId.equals(r.fields().get("requestId"))));
    // the refused ones sent nothing (the feedback path keeps its order: they would be there before it)
    List<Map<String, Object>> sent = receiver.records().stream()
        .filter(r -> r.tag().equals("cd4ml.feedback") && requestId.equals(r.fields().get("requestId")))
        .map(ForwardReceiver.Record::fields).toList();
    assertEquals(1, sent.size(), sent::toString);
    assertEquals(Tokens.actorOf(Roles.FEEDBACK_WRITER), sent.get(0).get("sentBy"), "the record names who sent it");
  }

  @Test
  void theBenchmarksRoleSwitchRequiresARoleOnTheSameInstanceAndOpensItAgain() {
    Map<String, Object> body = Map.of("features", TestModels.sampleRow());
    given().noFilters().contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(200);
    given().put("/bench/predictions-role?role=" + Roles.FEEDBACK_WRITER).then().statusCode(200)
        .body("open", equalTo(false)).body("role", equalTo(Roles.FEEDBACK_WRITER));
    try {
      given().noFilters().contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(401)
          .contentType("application/problem+json");
      given().noFilters().header("Authorization", Tokens.bearer(Tokens.forRole(Roles.MONITORING)))
          .contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(403);
      for (int i = 0; i < 2; i++) { // the second time from the remembered token
        given().contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(200);
      }
      given().noFilters().contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(401);
    } finally {
      given().put("/bench/predictions-role").then().statusCode(200).body("open", equalTo(true)).body("role", nullValue());
    }
    given().noFilters().contentType(ContentType.JSON).body(body).post("/predictions").then().statusCode(200);
  }

  private static Map<String, Object> explanationOf(ForwardReceiver receiver, String requestId) {
    return Awaitility.await().atMost(Duration.ofSeconds(15)).until(
        () -> receiver.records().stream().filter(r -> r.tag().equals("cd4ml.explanation"))
            .filter(r -> requestId.equals(r.fields().get("requestId"))).map(ForwardReceiver.Record::fields)
            .findFirst().orElse(null), java.util.Objects::nonNull);
  }

  private static void assertExplanationRecord(Map<String, Object> record, JsonPath prediction, String kind) {
    assertEquals("test", record.get("environment"));
    assertEquals(RegistryFixture.MODEL, record.get("model"));
    assertEquals(prediction.getInt("version"), ((Number) record.get("version")).intValue());
    assertEquals(prediction.getString("prediction"), record.get("prediction"));
    assertNotNull(record.get("timestamp"));
    List<?> drivers = (List<?>) record.get("drivers");
    assertFalse(drivers.isEmpty());
    assertTrue(drivers.size() <= 5, drivers::toString);
    // input feature names, never one-hot names such as housing@rent
    assertTrue(List.of("age", "income", "num_late_payments", "sex", "purpose", "housing").containsAll(drivers),
        drivers::toString);
    if ("tree".equals(kind)) {
      assertEquals("decision-path", record.get("method"));
      assertFalse(record.containsKey("weights"));
    } else {
      assertEquals("lime", record.get("method"));
      assertEquals(drivers, List.copyOf(((Map<?, ?>) record.get("weights")).keySet()));
    }
  }

  @Test
  void atSampleRateOneEveryPredictionLogsItsExplanation() {
    ForwardReceiver receiver = RealParts.forward();
    String kind = given().get("/model").then().extract().path("kind");
    given().put("/bench/explain-sample-rate?rate=1.0").then().statusCode(200).body("rate", equalTo(1.0f));
    try {
      for (int i = 0; i < 3; i++) {
        Map<String, Object> row = TestModels.row(20 + 20 * i, 15000 + 30000 * i, i, TestModels.SEX.get(i % 2),
            TestModels.PURPOSE.get(i), TestModels.HOUSING.get(i % 2));
        JsonPath p = given().contentType(ContentType.JSON).body(Map.of("features", row))
            .post("/predictions").then().statusCode(200).body("$", not(hasKey("explanation"))).extract().jsonPath();
        assertExplanationRecord(explanationOf(receiver, p.getString("requestId")), p, kind);
      }
    } finally {
      given().put("/bench/explain-sample-rate?rate=0.01").then().statusCode(200);
    }
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    double logged = metrics.lines().filter(l -> l.startsWith("cd4ml_explanation_samples_total{")
        && l.contains("outcome=\"logged\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
    assertTrue(logged >= 3, "the three samples are counted: " + logged);
    given().put("/bench/explain-sample-rate?rate=2").then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItems("rate"));
  }

  @Test
  void atSampleRateZeroOnlyExplainedPredictionsLogTheirExplanation() {
    ForwardReceiver receiver = RealParts.forward();
    String kind = given().get("/model").then().extract().path("kind");
    given().put("/bench/explain-sample-rate?rate=0").then().statusCode(200);
    try {
      String plain = given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
          .post("/predictions").then().statusCode(200).extract().path("requestId");
      JsonPath explained = given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
          .queryParam("explain", true).post("/predictions").then().statusCode(200).extract().jsonPath();
      Map<String, Object> record = explanationOf(receiver, explained.getString("requestId"));
      assertExplanationRecord(record, explained, kind);
      // the logged drivers are the response's own explanation, not a second one
      if ("tree".equals(kind)) {
        List<String> pathFeatures = explained.getList("explanation.path.feature");
        assertEquals(new java.util.ArrayList<>(new java.util.LinkedHashSet<>(pathFeatures)).subList(0,
            Math.min(5, new java.util.LinkedHashSet<>(pathFeatures).size())), record.get("drivers"));
      }
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.records().stream()
          .anyMatch(r -> r.tag().equals("cd4ml.prediction") && plain.equals(r.fields().get("requestId"))));
      assertTrue(receiver.records().stream().noneMatch(r -> r.tag().equals("cd4ml.explanation")
          && plain.equals(r.fields().get("requestId"))), "rate 0 samples nothing");
    } finally {
      given().put("/bench/explain-sample-rate?rate=0.01").then().statusCode(200);
    }
  }
}
