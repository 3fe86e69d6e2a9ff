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
    @ResourceArg(name = "parts", value = "kafka,forward"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class PredictionLogOutageComponentTest {
  private static final Pattern DROPPED = Pattern.compile("(?m)^cd4ml_prediction_log_dropped_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

  @TestHTTPResource("/predictions")
  URL predictions;

  @Test
  void withFluentdDownPredictionsSucceedAndDropsAreCounted() throws Exception {
    ForwardReceiver receiver = RealParts.forward();
    double before = dropped();
    receiver.stop();
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
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> dropped() > before);
      assertTrue(slowest < 2_000_000_000L, "no prediction waited on Fluentd: slowest " + slowest / 1e6 + " ms");
    } finally {
      RealParts.forward(); // starts the receiver again for the other tests
    }
    // and once Fluentd is back, records flow again (Fluency first resends what it kept, so keep predicting)
    ForwardReceiver back = RealParts.forward();
    java.util.Set<String> sentAfter = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      sentAfter.add(given().contentType("application/json").body(Map.of("features", TestModels.sampleRow()))
          .post("/predictions").then().statusCode(200).extract().path("requestId"));
      return back.records().stream().anyMatch(r -> sentAfter.contains(r.fields().get("requestId")));
    });
  }

  private static double dropped() {
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = DROPPED.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }
}
