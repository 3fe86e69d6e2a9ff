package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryFixture;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Serving under load while what it depends on hangs or goes away: the forward receiver (through the JVM's
 * {@link FaultProxy} for it) and the registry (through a proxy of its own). No prediction fails, no log record is
 * lost or arrives twice, and everything resumes after the heal without a restart.
 */
@QuarkusTest
@Order(5)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving"),
    @ResourceArg(name = "proxied", value = "forward")})
@QuarkusTestResource(value = RegistryTestResource.class, initArgs = @ResourceArg(name = "proxied", value = "true"))
class ServingFaultComponentTest {
  private static final Duration FAULT = Duration.ofSeconds(4);

  @TestHTTPResource("/predictions")
  URL predictions;

  @AfterEach
  void heal() throws Exception {
    RealParts.proxy("forward").heal();
    RegistryFixture.registryProxy("heal");
  }

  @Test
  void aStalledForwardReceiverLosesNoRecordAndDuplicatesNone() throws Exception {
    underLoadTheLogSurvives(FaultProxy::stall);
  }

  @Test
  void aCutForwardReceiverLosesNoRecordAndDuplicatesNone() throws Exception {
    underLoadTheLogSurvives(FaultProxy::cut);
  }

  private void underLoadTheLogSurvives(Consumer<FaultProxy> fault) throws Exception {
    ForwardReceiver receiver = RealParts.forward();
    FaultProxy proxy = RealParts.proxy("forward");
    double droppedBefore = metric("cd4ml_prediction_log_dropped_total");
    double spilledBefore = metric("cd4ml_prediction_log_spilled_total");
    Load load = new Load(3);
    try {
      load.awaitOk(300);
      fault.accept(proxy);
      int atFault = load.ok.get();
      Thread.sleep(FAULT.toMillis());
      assertTrue(load.ok.get() > atFault + 300, "predictions kept coming during the fault: " + (load.ok.get() - atFault));
      proxy.heal();
      int atHeal = load.ok.get();
      load.awaitOk(atHeal + 300);
    } finally {
      proxy.heal();
      load.stop();
    }
    assertEquals(Map.of(), Map.copyOf(load.failures), "no prediction failed");
    assertTrue(metric("cd4ml_prediction_log_spilled_total") > spilledBefore,
        "Fluency's 256K test buffer overflowed into the spill during the fault");
    Set<String> ids = load.ids;
    Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
        .until(() -> received(receiver, ids).size() == ids.size());
    Thread.sleep(1000); // a chunk sent again would arrive now
    long copies = receiver.records().stream().filter(r -> r.tag().equals(PredictionLogFields.PREDICTION_TAG))
        .filter(r -> ids.contains(r.fields().get(PredictionLogFields.REQUEST_ID))).count();
    assertEquals(ids.size(), copies, "each of the " + ids.size() + " records arrived once");
    assertEquals(droppedBefore, metric("cd4ml_prediction_log_dropped_total"), "nothing was dropped");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metric("cd4ml_prediction_log_spill") == 0);
  }

  @Test
  void aHungRegistryNeitherStopsPredictionsNorModelNorReadinessAndTheSwapResumesAfterTheHeal() throws Exception {
    String registry = RegistryFixture.url();
    int before = given().get("/model").then().statusCode(200).extract().path("version");
    int next = RegistryFixture.register(registry, TestModels.cart(4, 50 + before), TestModels.lineage("CART", 50 + before));
    Load load = new Load(3);
    try {
      load.awaitOk(200);
      RegistryFixture.registryProxy("stall");
      // the promotion reaches serving on Kafka; its reconcile then hangs on the registry
      RegistryFixture.promote(registry, next, "staging");
      int atFault = load.ok.get();
      long end = System.nanoTime() + FAULT.toNanos();
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        given().get("/model").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "/model and readiness answer at once with the registry hung");
        Thread.sleep(250);
      }
      assertTrue(load.ok.get() > atFault + 300, "predictions kept coming with the registry hung");
      assertEquals(Set.of(before), load.versions.keySet(), "the loaded model kept answering");
      RegistryFixture.registryProxy("heal");
      Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
          .until(() -> load.versions.containsKey(next));
    } finally {
      RegistryFixture.registryProxy("heal");
      load.stop();
    }
    assertEquals(Map.of(), Map.copyOf(load.failures), "no prediction failed");
    assertEquals(next, (int) given().get("/model").then().statusCode(200).extract().path("version"));
  }

  private static Set<Object> received(ForwardReceiver receiver, Set<String> ids) {
    return receiver.records().stream().filter(r -> r.tag().equals(PredictionLogFields.PREDICTION_TAG))
        .map(r -> r.fields().get(PredictionLogFields.REQUEST_ID)).filter(ids::contains).collect(Collectors.toSet());
  }

  private static double metric(String name) {
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }

  /** A few clients posting predictions in a loop, keeping every request id and the version that answered. */
  private final class Load {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger ok = new AtomicInteger();
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final Map<Integer, AtomicInteger> versions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    final ExecutorService clients;

    Load(int threads) throws Exception {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String body = EventJson.write(Map.of("features", TestModels.sampleRow()));
      HttpRequest request = HttpRequest.newBuilder(predictions.toURI()).timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      clients = Executors.newFixedThreadPool(threads);
      for (int i = 0; i < threads; i++) {
        clients.execute(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                var json = EventJson.MAPPER.readTree(r.body());
                ids.add(json.get("requestId").asText());
                versions.computeIfAbsent(json.get("version").asInt(), k -> new AtomicInteger()).incrementAndGet();
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
    }

    void awaitOk(int count) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= count);
    }

    void stop() throws InterruptedException {
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
