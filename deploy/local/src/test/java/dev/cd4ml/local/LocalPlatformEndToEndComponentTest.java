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
 * The whole CD4ML loop on the real parts, as the README's commands run it: the local platform
 * (every part and service its own process) runs the YAML pipelines for generated data v1 up to
 * production; then the feedback loop: drifted production traffic with ground truth, monitoring's
 * alert, the retraining policy's harvest (a {@code source=feedback} data version), the bridge runs the
 * pipeline again, and the retrained model reaches production through a 10 % canary, while predictions
 * keep succeeding, and beats v1 on the same drifted requests. Last, a bad candidate (labels inverted)
 * passes every offline check, enters the canary, and the canary analysis aborts it.
 */
class LocalPlatformEndToEndComponentTest {
  static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  static final int OFFSET = 20000;

  @TempDir Path runDir;
  Process platform;
  final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    Api.useCredentials(null);
    if (platform != null) {
      platform.destroy();
      if (!platform.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        platform.descendants().forEach(ProcessHandle::destroyForcibly);
        platform.destroyForcibly();
      }
    }
  }

  @Test
  void dataToProductionThenFeedbackFromDriftedTrafficRetrainsAndReleasesABetterModel() throws Exception {
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
    // Both deploy steps rendered their overlay with the release's images and found every service of their
    // environment on the release's code revision: the commit the jars were built from.
    for (String environment : List.of("test", "production")) {
      assertThat(output).anyMatch(l -> l.contains("[deploy] overlays/" + environment + " rendered and checked"));
      assertThat(output).anyMatch(l -> l.contains("[deploy] " + environment + " environment answers, every service runs code "));
    }
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
    // The approver given on the command line is recorded in the audit trail, and each stage change names the
    // identity whose token made it: the pipeline's client staged v1, the release manager put it in production.
    JsonNode history = Api.get(registry + "/models/credit-risk/history");
    assertThat(history.toString()).contains("e2e-approver");
    assertThat(actorOf(history, 1, "staging")).isEqualTo("cd4ml-pipeline");
    assertThat(actorOf(history, 1, "production")).isEqualTo("demo-release-manager");
    assertThat(output).anyMatch(l -> l.startsWith("demo users") && l.contains("demo-release-manager")
        && l.contains(runDir.resolve("keycloak/secrets.properties").toString()));
    // The pipeline's own client may stage and check, never promote to production.
    LocalKeycloak keycloak = new LocalKeycloak(8180 + OFFSET, runDir.resolve("keycloak"));
    Api.Answer refused = Api.tryPostJson(registry + "/models/credit-risk/versions/1/stage",
        Map.of("stage", "production", "reason", "the pipeline alone"), keycloak.clientToken("cd4ml-pipeline").value());
    assertThat(refused.status()).as("pipeline client promoting to production: %s", refused.body()).isEqualTo(403);
    // Feedback needs role feedback-writer (issue 20): without a token 401, the pipeline's client 403; the platform
    // serves no /bench/* (only the benchmark's own instances enable it).
    Map<String, String> label = Map.of("requestId", "e2e-no-such-request", "actual", "no");
    assertThat(Api.tryPostJson(production + "/feedback", label, null).status()).isEqualTo(401);
    assertThat(Api.tryPostJson(production + "/feedback", label, keycloak.clientToken("cd4ml-pipeline").value()).status())
        .isEqualTo(403);
    assertThat(Api.tryPostJson(production + "/bench/noop", Map.of("features", Map.of()), null).status())
        .as("POST /bench/noop on the local platform").isEqualTo(404);
    // What the demos write (the label-bug's data version) they write as the pipeline, like the platform's tasks.
    keycloak.actAsPipeline();

    // The feedback loop, as `platform demo feedback-loop` runs it: drifted traffic with ground truth for
    // part of it, the alert, the policy's harvest, the pipeline's retrain and release, old vs new.
    FeedbackLoopDemo.Outcome loop = new FeedbackLoopDemo(FeedbackLoopDemo.Options.local(OFFSET, keycloak), System.out).run();
    assertThat(loop.failedPredictions()).as("predictions failed during the loop").isZero();
    assertThat(loop.answeredDuringRelease()).isGreaterThan(50);
    assertThat(loop.oldVersion()).isEqualTo(1);
    assertThat(loop.newVersion()).as("the retrained version in production").isEqualTo(2);
    JsonNode harvest = loop.harvest();
    assertThat(harvest.path("trigger").asText()).as("harvest %s", harvest).isEqualTo("alert");
    assertThat(harvest.path("policy").asText()).isEqualTo("window");
    assertThat(harvest.path("parentVersion").asText()).isEqualTo(v1);
    assertThat(harvest.path("rows").asLong()).as("one row per labelled prediction of the window")
        .isEqualTo(harvest.path("labelled").asLong()).isGreaterThanOrEqualTo(Math.round(0.9 * 6000));
    String v2 = harvest.path("datasetVersion").asText();
    JsonNode harvested = Api.get(data + "/datasets/credit/versions/" + v2);
    assertThat(harvested.path("source").asText()).isEqualTo("feedback");
    assertThat(harvested.path("parents").toString()).contains(v1);
    assertThat(harvested.path("rows").asLong()).isEqualTo(harvest.path("rows").asLong());
    // Nothing harvested twice: one created harvest, and the data bridge ran the pipeline once for it.
    long created = 0;
    for (JsonNode h : loop.harvests().path("items")) {
      created += h.path("outcome").asText().equals("created") ? 1 : 0;
    }
    assertThat(created).as("harvests %s", loop.harvests()).isEqualTo(1);
    System.out.printf("[e2e] online accuracy on the same drifted requests: v1 %.4f (%d labelled), v2 %.4f (%d labelled)%n",
        loop.oldOnlineAccuracy(), loop.oldLabelled(), loop.newOnlineAccuracy(), loop.newLabelled());
    assertThat(loop.oldLabelled()).isEqualTo(loop.newLabelled()).isGreaterThan(1000);
    assertThat(loop.newOnlineAccuracy()).as("the retrained version is more accurate on the drifted traffic")
        .isGreaterThan(loop.oldOnlineAccuracy());

    // The registry's lineage of the production model names the code, the data version (from feedback, with
    // its parent and window) and the params.
    JsonNode lineage = Api.get(registry + "/models/credit-risk/stages/production").path("lineage");
    assertThat(lineage.path("dataVersion").asText()).isEqualTo(v2);
    assertThat(lineage.path("dataOrigin").path("source").asText()).isEqualTo("feedback");
    assertThat(lineage.path("dataOrigin").path("parents").toString()).contains(v1);
    assertThat(lineage.path("dataOrigin").path("message").asText()).contains(harvest.path("from").asText().substring(0, 16));
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
    assertThat(Files.exists(runDir.resolve("pipelines/cd4ml-model/3"))).as("a third model pipeline run before the"
        + " bad candidate's data").isFalse();

    // Every prediction reached the platform's log store (through the forward part's spool) with its inputs.
    String openSearch = "http://127.0.0.1:" + (9200 + OFFSET);
    long indexed = 0;
    for (long until = System.nanoTime() + Duration.ofSeconds(180).toNanos(); System.nanoTime() < until; Thread.sleep(1000)) {
      Api.tryPostJson(openSearch + "/cd4ml-predictions-*/_refresh", Map.of(), null);
      indexed = Api.get(openSearch + "/cd4ml-predictions-*/_count?q=environment:production").path("count").asLong();
      if (indexed >= loop.answered()) {
        break;
      }
    }
    assertThat(indexed).as("every production prediction indexed").isGreaterThanOrEqualTo(loop.answered());
    JsonNode record = Api.get(openSearch + "/cd4ml-predictions-*/_search?size=1&q=environment:production%20AND%20version:2"
        + "&filter_path=hits.hits._source").path("hits").path("hits").path(0).path("_source");
    assertThat(record.path("model").asText()).isEqualTo("credit-risk");
    assertThat(record.path("prediction").asText()).isNotBlank();
    for (JsonNode feature : served.path("signature").path("features")) {
      assertThat(record.has(feature.path("name").asText())).as("feature %s logged in %s", feature, record).isTrue();
    }

    // The retrained version met production traffic as a 10 % canary first: analysed, then promoted.
    assertThat(output).anyMatch(l -> l.contains("serves credit-risk v2 as its canary at 10 % beside v1"));
    String traffic = output.stream().filter(l -> l.contains("PASS    traffic") && l.contains("canary v2 ")).findFirst()
        .orElseThrow(() -> new AssertionError("no traffic rule of canary v2 in the pipeline's output"));
    java.util.regex.Matcher counts = java.util.regex.Pattern.compile("canary v2 (\\d+) predictions, primary v1 (\\d+)")
        .matcher(traffic);
    assertThat(counts.find()).as(traffic).isTrue();
    double share = Double.parseDouble(counts.group(1)) / (Double.parseDouble(counts.group(1)) + Double.parseDouble(counts.group(2)));
    assertThat(share).as("the canary's share of production requests: %s", traffic).isBetween(0.07, 0.13);
    assertThat(output).anyMatch(l -> l.contains("[canary-analysis] verdict: PASS: promoting canary v2 to production"));

    // A bad candidate every offline check passes (its labels inverted: training, gate and acceptance read the
    // same labels) meets production's ground truth as a canary, and the analysis aborts it.
    LabelBugDemo.Outcome bug = new LabelBugDemo(LabelBugDemo.Options.local(OFFSET, keycloak), System.out).run();
    assertThat(bug.candidate()).isEqualTo(3);
    assertThat(bug.abort()).as("the canary analysis aborted v3 (canary -> archived)").isNotNull();
    // Production's traffic is near balanced, so the inverted label mix is no strong prediction drift; the ground
    // truth is what gives it away: the canary is right on about a quarter of its labelled answers.
    assertThat(bug.abort().path("reason").asText()).contains("canary analysis failed").contains("online-accuracy");
    assertThat(output).anyMatch(l -> l.contains("serves credit-risk v3 as its canary at 10 % beside v2"));
    assertThat(output).anyMatch(l -> l.contains("[canary-analysis] FAIL    online-accuracy   canary 0."));
    assertThat(bug.productionAfter()).as("production unchanged").isEqualTo(2);
    assertThat(Api.get(registry + "/models/credit-risk/stages/production").path("version").asInt()).isEqualTo(2);
    assertThat(bug.failed()).as("predictions failed while the bad canary ran").isZero();
    assertThat(bug.answeredByCanary()).as("the canary answered its share before it was pulled back").isPositive();
  }

  /** Who moved {@code version} to {@code stage} (the registry's audit trail). */
  private static String actorOf(JsonNode history, int version, String stage) {
    for (JsonNode h : history) {
      if (h.path("version").asInt() == version && stage.equals(h.path("to").asText())) {
        return h.path("actor").asText();
      }
    }
    throw new AssertionError("no change of v" + version + " to " + stage + " in " + history);
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
