package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Order(4)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class PredictionLogOutageComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsFeedbackWriter() {
    // Feedback needs role feedback-writer (issue 20); predictions are open and never look at the token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.FEEDBACK_WRITER));
  }

  private static final Pattern DROPPED = Pattern.compile("(?m)^cd4ml_prediction_log_dropped_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
  private static final Pattern SPILLED = Pattern.compile("(?m)^cd4ml_prediction_log_spilled_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

  @TestHTTPResource("/predictions")
  URL predictions;

  /**
   * With Fluentd down no prediction waits, the records go to the spill on disk instead of being dropped, and every
   * one arrives, once, when Fluentd is back.
   */
  @Test
  void withFluentdDownPredictionsSucceedTheirRecordsWaitInTheSpillAndAllArriveOnceItIsBack() throws Exception {
    ForwardReceiver receiver = RealParts.forward();
    double droppedBefore = metric(DROPPED);
    double spilledBefore = metric(SPILLED);
    receiver.stop();
    java.util.List<String> ids = new java.util.ArrayList<>();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String body = EventJson.write(Map.of("features", TestModels.sampleRow()));
      long slowest = 0;
      for (int i = 0; i < 4000; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(predictions.toURI())
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        slowest = Math.max(slowest, System.nanoTime() - t0);
        assertEquals(200, r.statusCode(), r.body());
        ids.add(EventJson.MAPPER.readTree(r.body()).get("requestId").asText());
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> metric(SPILLED) > spilledBefore);
      assertTrue(slowest < 2_000_000_000L, "no prediction waited on Fluentd: slowest " + slowest / 1e6 + " ms");
    } finally {
      RealParts.forward(); // starts the receiver again for the other tests
    }
    ForwardReceiver back = RealParts.forward();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      java.util.Set<Object> got = back.records().stream().map(r -> r.fields().get("requestId"))
          .collect(java.util.stream.Collectors.toSet());
      return got.containsAll(ids);
    });
    java.util.Set<String> mine = new java.util.HashSet<>(ids);
    long copies = back.records().stream().filter(r -> r.tag().equals("cd4ml.prediction"))
        .filter(r -> mine.contains(r.fields().get("requestId"))).count();
    assertEquals(ids.size(), copies, "each record arrived once");
    assertEquals(droppedBefore, metric(DROPPED), "nothing was dropped");
  }

  /**
   * Feedback is never dropped with the prediction log: with Fluentd down its own buffer (32K in tests) fills, then
   * feedback is refused with 503 and Retry-After; what was accepted arrives once Fluentd is back.
   */
  @Test
  void withFluentdDownFeedbackIsRefusedWithRetryAfterOnceItsBufferIsFullAndNothingAcceptedIsLost() throws Exception {
    ForwardReceiver receiver = RealParts.forward();
    receiver.stop();
    java.util.List<String> accepted = new java.util.ArrayList<>();
    io.restassured.response.Response refused = null;
    try {
      for (int i = 0; i < 5_000 && refused == null; i++) {
        String id = "fb-outage-" + i;
        io.restassured.response.Response r = given().contentType("application/json")
            .body(Map.of("requestId", id, "actual", "yes")).post("/feedback");
        if (r.statusCode() == 202) {
          accepted.add(id);
        } else {
          refused = r;
        }
      }
      assertTrue(refused != null, "32K of buffer cannot take 5,000 feedback records with Fluentd down");
      assertEquals(503, refused.statusCode(), refused.asString());
      assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
      assertEquals("https://cd4ml.dev/problems/feedback-backlog", refused.jsonPath().getString("type"));
      assertEquals("5", refused.header("Retry-After"));
      assertTrue(accepted.size() > 10, "the buffer took feedback until it was full: " + accepted.size());
      String metrics = given().accept("text/plain").get("/q/metrics").then().extract().asString();
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("cd4ml_feedback_refused_total{")
          && l.contains("reason=\"buffer-full\"") && !l.endsWith(" 0.0")), "refusals are counted by reason");
    } finally {
      RealParts.forward(); // starts the receiver again
    }
    ForwardReceiver back = RealParts.forward();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      java.util.Set<Object> got = back.records().stream().filter(r -> r.tag().equals("cd4ml.feedback"))
          .map(r -> r.fields().get("requestId")).collect(java.util.stream.Collectors.toSet());
      return got.containsAll(accepted);
    });
    // and feedback is taken again
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> given()
        .contentType("application/json").body(Map.of("requestId", "fb-after", "actual", "no")).post("/feedback")
        .statusCode() == 202);
  }

  private static double metric(Pattern p) {
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = p.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }
}
