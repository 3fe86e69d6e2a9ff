package dev.cd4ml.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole CD4ML loop on the real parts, as the README's first command runs it: the local
 * platform (every part and service its own process) runs the YAML pipelines for generated data
 * v1 up to production; then a drifted v2 is pushed, the bridge runs the pipeline again, and v2's
 * model reaches production while predictions keep succeeding.
 */
class LocalPlatformEndToEndComponentTest {
  static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  static final int OFFSET = 20000;

  @TempDir Path runDir;
  Process platform;
  final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (platform != null) {
      platform.destroy();
      if (!platform.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        platform.descendants().forEach(ProcessHandle::destroyForcibly);
        platform.destroyForcibly();
      }
    }
  }

  @Test
  void dataToProductionThenADriftedVersionReachesProductionWithoutFailedPredictions() throws Exception {
    String classpath = REPO.resolve("deploy/local/target/classes") + ":"
        + Files.readString(REPO.resolve("deploy/local/target/parts-classpath.txt")).trim();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", classpath, "dev.cd4ml.local.LocalPlatform", REPO.toString(), "--port-offset", "" + OFFSET,
        "--approve-as", "e2e-approver").redirectErrorStream(true);
    pb.environment().put("CD4ML_RUN_DIR", runDir.toString());
    platform = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(platform.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          System.out.println("[e2e] " + line);
        }
      } catch (java.io.IOException ignored) {
        // the platform ended
      }
    });
    reader.setDaemon(true);
    reader.start();

    awaitLine("Running.", Duration.ofMinutes(8));
    assertThat(output).anyMatch(l -> l.contains("released to production"));
    // monitoring-service runs beside the others, listed in the table, and is ready: its search engine,
    // database and Kafka answer.
    String monitoring = "http://127.0.0.1:" + (8086 + OFFSET);
    assertThat(output).anyMatch(l -> l.startsWith("monitoring-service") && l.contains(monitoring + "/q/swagger-ui"));
    assertThat(output).anyMatch(l -> l.startsWith("monitoring report")
        && l.contains(monitoring + "/monitoring/models/credit-risk/report"));
    Api.Answer monitoringReady = Api.tryGet(monitoring + "/q/health/ready");
    for (long until = System.nanoTime() + Duration.ofSeconds(60).toNanos(); !monitoringReady.ok() && System.nanoTime() < until; ) {
      Thread.sleep(1000);
      monitoringReady = Api.tryGet(monitoring + "/q/health/ready");
    }
    assertThat(monitoringReady.status()).as("monitoring-service readiness: %s", monitoringReady.body()).isEqualTo(200);
    assertThat(monitoringReady.body().path("status").asText()).isEqualTo("UP");
    String data = "http://127.0.0.1:" + (8081 + OFFSET);
    String registry = "http://127.0.0.1:" + (8083 + OFFSET);
    String production = "http://127.0.0.1:" + (8085 + OFFSET);
    String v1 = Api.get(data + "/datasets/credit/versions/1").path("id").asText();
    JsonNode served = Api.get(production + "/model");
    assertThat(served.path("version").asInt()).isEqualTo(1);
    assertThat(served.path("lineage").path("dataVersion").asText()).isEqualTo(v1);
    // The approver given on the command line is recorded in the audit trail.
    assertThat(Api.get(registry + "/models/credit-risk/history").toString()).contains("e2e-approver");

    // Predictions keep flowing to production while the drifted version goes through the pipeline.
    Map<String, Object> features = dev.cd4ml.cli.commands.Rows.first(data, "credit", served.path("signature"));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> requestIds = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread client = new Thread(() -> {
      while (running.get()) {
        try {
          Api.Answer a = Api.tryPostJson(production + "/predictions", Map.of("features", features), null);
          if (a.ok()) {
            ok.incrementAndGet();
            requestIds.add(a.body().path("requestId").asText());
          } else {
            failures.add(Api.problemLine(a));
          }
          Thread.sleep(20);
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
    });
    client.start();

    String v2 = Api.postEmpty(data + "/datasets/credit/versions/generated?rows=20000&seed=2&drift=0.5").path("id").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    JsonNode now = served;
    while (System.nanoTime() < deadline && now.path("version").asInt() != 2) {
      Thread.sleep(1000);
      now = Api.get(production + "/model");
      assertThat(output).noneMatch(l -> l.contains("pipeline for data " + v2.substring(0, 12)) && l.contains("stopped"));
    }
    Thread.sleep(2000);
    running.set(false);
    client.join();

    assertThat(now.path("version").asInt()).as("v2's model in production").isEqualTo(2);
    assertThat(failures).as("predictions failed during the release").isEmpty();
    assertThat(ok.get()).isGreaterThan(50);

    // The registry's lineage of the production model names the code, the data version and the params.
    JsonNode lineage = Api.get(registry + "/models/credit-risk/stages/production").path("lineage");
    assertThat(lineage.path("dataVersion").asText()).isEqualTo(v2);
    assertThat(lineage.path("codeRevision").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(lineage.path("params").path("maxDepth").asInt()).isPositive();
    // ... and so does the release.json the model pipeline published.
    try (Stream<Path> files = Files.walk(runDir.resolve("pipelines/cd4ml-model/2"))) {
      Path release = files.filter(f -> f.getFileName().toString().equals("release.json") && f.toString().contains("artifacts"))
          .findFirst().orElseThrow();
      JsonNode r = Api.JSON.readTree(release.toFile());
      assertThat(r.path("dataVersion").asText()).isEqualTo(v2);
      assertThat(r.path("modelVersion").asInt()).isEqualTo(2);
      assertThat(r.path("codeRevision").asText()).isEqualTo(lineage.path("codeRevision").asText());
      assertThat(r.path("params").path("maxDepth").asInt()).isEqualTo(lineage.path("params").path("maxDepth").asInt());
    }

    // Every prediction reached the platform's log store (through the forward part's spool, which indexes once
    // the machine is quiet again) with its inputs.
    String openSearch = "http://127.0.0.1:" + (9200 + OFFSET);
    String first = requestIds.get(0);
    JsonNode hits = null;
    for (long until = System.nanoTime() + Duration.ofSeconds(180).toNanos(); System.nanoTime() < until; Thread.sleep(1000)) {
      Api.tryPostJson(openSearch + "/cd4ml-predictions-*/_refresh", Map.of(), null);
      hits = Api.get(openSearch + "/cd4ml-predictions-*/_search?size=1&q=requestId:%22" + first + "%22"
          + "&filter_path=hits.total,hits.hits._source");
      long indexed = Api.get(openSearch + "/cd4ml-predictions-*/_count?q=environment:production").path("count").asLong();
      if (hits.path("hits").path("total").path("value").asInt() == 1 && indexed >= requestIds.size()) {
        break;
      }
    }
    JsonNode record = hits.path("hits").path("hits").path(0).path("_source");
    assertThat(record.path("environment").asText()).as("record of %s in OpenSearch: %s", first, hits).isEqualTo("production");
    assertThat(record.path("model").asText()).isEqualTo("credit-risk");
    assertThat(record.path("prediction").asText()).isNotBlank();
    for (String feature : features.keySet()) {
      assertThat(record.has(feature)).as("feature %s logged", feature).isTrue();
    }
    assertThat(Api.get(openSearch + "/cd4ml-predictions-*/_count?q=environment:production").path("count").asLong())
        .as("every production prediction indexed").isGreaterThanOrEqualTo(requestIds.size());
  }

  private void awaitLine(String start, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(l -> l.startsWith(start))) {
        return;
      }
      if (!platform.isAlive()) {
        throw new AssertionError("the platform exited with " + platform.exitValue());
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no '" + start + "' after " + timeout);
  }
}
