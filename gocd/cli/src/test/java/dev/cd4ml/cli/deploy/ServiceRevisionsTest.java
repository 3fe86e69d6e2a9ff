package dev.cd4ml.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deploy step's check of which code each service runs, against HTTP servers answering /q/info as quarkus-info does. */
class ServiceRevisionsTest {
  static final String RELEASE = "926d2f251145c424757bae59988f84a0ff01ed66";
  static final String OLD = "13ac15e0d0e5b8c7c4f39d2a4f0c5a1b2c3d4e5f";
  final Map<String, String> infoByPath = new ConcurrentHashMap<>();
  HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String service = exchange.getRequestURI().getPath().split("/")[1];
      String body = infoByPath.get(service);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url(String service) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + service;
  }

  static String info(String commit) {
    return "{\"git\":{\"branch\":\"main\",\"commit\":{\"id\":\"" + commit + "\",\"time\":\"2026-12-01T14:18:54Z\"}},"
        + "\"build\":{\"artifact\":\"x\",\"version\":\"1.0.0-SNAPSHOT\"}}";
  }

  Map<String, String> services(String... names) {
    Map<String, String> s = new LinkedHashMap<>();
    for (String n : names) {
      s.put(n, url(n));
    }
    return s;
  }

  @Test
  void everyServiceOnTheReleasesRevisionPasses() throws InterruptedException {
    infoByPath.put("data-service", info(RELEASE));
    infoByPath.put("serving-test", info(RELEASE));
    assertThat(ServiceRevisions.await(services("data-service", "serving-test"), RELEASE, Duration.ofSeconds(2)))
        .containsEntry("data-service", RELEASE).containsEntry("serving-test", RELEASE);
    // GoCD labels may carry an abbreviation of the commit.
    assertThat(ServiceRevisions.await(services("data-service"), RELEASE.substring(0, 8), Duration.ofSeconds(2)))
        .containsEntry("data-service", RELEASE);
  }

  @Test
  void aServiceOnAnotherRevisionFailsNamingTheServiceAndBothRevisions() {
    infoByPath.put("data-service", info(RELEASE));
    infoByPath.put("serving-test", info(OLD));
    assertThatThrownBy(() -> ServiceRevisions.await(services("data-service", "serving-test"), RELEASE, Duration.ofMillis(700)))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("serving-test (" + url("serving-test") + ") runs code " + OLD + ", the release is code " + RELEASE)
        .hasMessageNotContaining("data-service (");
  }

  @Test
  void aServiceWithoutGitInfoOrWithoutInfoFailsSayingWhy() {
    infoByPath.put("data-service", "{\"build\":{\"version\":\"1.0.0-SNAPSHOT\"}}");
    assertThatThrownBy(() -> ServiceRevisions.await(services("data-service", "registry-service"), RELEASE, Duration.ofMillis(700)))
        .hasMessageContaining("data-service (" + url("data-service") + ") runs code unknown: /q/info reports no git commit")
        .hasMessageContaining("registry-service (" + url("registry-service") + ") runs code unknown: GET /q/info answered 404");
  }

  @Test
  void aRolloutThatReachesTheRevisionWithinTheTimeoutPasses() throws InterruptedException {
    infoByPath.put("serving-test", info(OLD));
    Thread rollout = new Thread(() -> {
      try {
        Thread.sleep(1200);
      } catch (InterruptedException e) {
        return;
      }
      infoByPath.put("serving-test", info(RELEASE));
    });
    rollout.start();
    assertThat(ServiceRevisions.await(services("serving-test"), RELEASE, Duration.ofSeconds(20)))
        .containsEntry("serving-test", RELEASE);
    rollout.join();
  }

  @Test
  void theEnvironmentsServicesAreTheSharedOnesItsServingLaneAndMonitoring() {
    Endpoints e = Endpoints.fromEnv(Map.of("CD4ML_SERVING_PRODUCTION_URL", "http://serving-production:8085"));
    assertThat(ServiceRevisions.of(e, "production", Map.of("CD4ML_MONITORING_URL", "http://monitoring:8086")))
        .containsExactly(Map.entry("data-service", "http://127.0.0.1:8081"), Map.entry("training-service", "http://127.0.0.1:8082"),
            Map.entry("registry-service", "http://127.0.0.1:8083"), Map.entry("serving-production", "http://serving-production:8085"),
            Map.entry("monitoring-service", "http://monitoring:8086"));
  }
}
