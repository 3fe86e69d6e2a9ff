package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Order(3)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class HotSwapComponentTest {

  @TestHTTPResource("/predictions")
  URL predictions;

  @Test
  void aPromotionEventSwapsTheModelWhileRequestsAreInFlightAndNoneFails() throws Exception {
    String registry = RegistryFixture.url();
    int before = given().get("/model").then().statusCode(200).extract().path("version");
    int next = RegistryFixture.register(registry, TestModels.cart(3, 30 + before), TestModels.lineage("CART", 30 + before));

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String body = EventJson.write(Map.of("features", TestModels.sampleRow()));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    Map<Integer, AtomicLong> byVersion = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      clients.execute(() -> {
        while (running.get()) {
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(predictions.toURI())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
              int v = EventJson.MAPPER.readTree(r.body()).get("version").asInt();
              byVersion.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet();
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
      RegistryFixture.promote(registry, next, "staging");
      // reconcile runs hourly in tests: only the Kafka event can bring the new version in time
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> byVersion.containsKey(next));
      long atSwap = ok.get();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > atSwap + 200);
    } finally {
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(Map.of(), Map.copyOf(failures), "no request failed across the swap");
    assertTrue(byVersion.get(before).get() > 0, byVersion::toString);
    assertTrue(byVersion.get(next).get() > 0, byVersion::toString);
    assertEquals(next, (int) given().get("/model").then().extract().path("version"));
    assertEquals(Integer.valueOf(next), RegistryFixture.stageVersion(registry, "staging"));
  }
}
