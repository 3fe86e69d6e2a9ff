package dev.cd4ml.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.commands.CheckRows;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The article's feedback loop, driven against a running local platform as a user would: drifted
 * traffic reaches production, ground truth comes back for part of it, monitoring alerts, its
 * retraining policy harvests the labelled rows as a new dataset version, the pipeline retrains and
 * releases, and the new version's online accuracy is compared with the old one's on the same rows.
 *
 * <p>The traffic comes from the demo generator, which knows the true labels. Two slices: the
 * harvested slice (labelled at once, so it becomes training data) and a held-out slice that the old
 * version answers now and the new version answers after the release; its labels are posted only
 * after the harvest, so neither version trained on the rows they are compared on.
 */
public final class FeedbackLoopDemo {
  /** What the demo sends and where. */
  public record Options(String serving, String monitoring, String registry, String model, String environment,
      int harvestRows, int comparedRows, double drift, long seed, Duration releaseTimeout, LocalKeycloak identities) {
    /** The platform of {@code CD4ML_RUN_DIR} (default .run) at this port offset. */
    static Options local(int offset) {
      return local(offset, LocalKeycloak.fromEnv());
    }

    static Options local(int offset, LocalKeycloak identities) {
      return new Options("http://127.0.0.1:" + (8085 + offset), "http://127.0.0.1:" + (8086 + offset),
          "http://127.0.0.1:" + (8083 + offset), Layout.MODEL, "production", 6000, 2000, 0.5, 31, Duration.ofMinutes(8),
          identities);
    }
  }

  /** What happened, for the end-to-end test and the printout. */
  public record Outcome(int oldVersion, int newVersion, List<String> alerted, JsonNode harvest, JsonNode harvests,
      double oldOnlineAccuracy, double newOnlineAccuracy, long oldLabelled, long newLabelled, int failedPredictions,
      int answeredDuringRelease, int answered, Instant started) {}

  /** Rows sent with their true labels and the answers. */
  record Sent(List<String> requestIds, List<String> labels, List<String> predictions, Instant from, Instant to) {
    double accuracy() {
      int correct = 0;
      for (int i = 0; i < labels.size(); i++) {
        correct += labels.get(i).equalsIgnoreCase(predictions.get(i)) ? 1 : 0;
      }
      return labels.isEmpty() ? 0 : (double) correct / labels.size();
    }
  }

  private final Options o;
  private final PrintStream out;
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();

  /** Ground truth comes from demo-feedback-writer, policies and evaluations from demo-monitoring (issue 20). */
  private final java.util.function.Supplier<String> feedbackWriter;
  private final java.util.function.Supplier<String> monitoring;

  public FeedbackLoopDemo(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
    this.feedbackWriter = options.identities().session(LocalKeycloak.FEEDBACK_WRITER);
    this.monitoring = options.identities().session(LocalKeycloak.MONITORING);
  }

  public static void main(String[] args) throws Exception {
    int offset = Integer.parseInt(System.getenv().getOrDefault("CD4ML_PORT_OFFSET", "0"));
    new FeedbackLoopDemo(Options.local(offset), System.out).run();
  }

  public Outcome run() throws Exception {
    Instant started = Instant.now();
    JsonNode served = Api.get(o.serving() + "/model");
    int oldVersion = served.path("version").asInt();
    JsonNode signature = served.path("signature");
    say("%s v%d serves %s (trained on data %s)", o.model(), oldVersion, o.environment(),
        abbreviate(served.path("lineage").path("dataVersion").asText()));

    // The retraining policy a user would set: on a drift or quality alert, harvest the alert's window
    // once nearly all of this traffic is labelled, the new rows only (the world changed).
    long minLabelled = Math.round(0.9 * o.harvestRows());
    Api.putJson(o.monitoring() + "/monitoring/models/" + o.model() + "/policy", Map.of("enabled", true,
        "environment", o.environment(), "policy", "window", "minLabelled", minLabelled, "onAlert", true,
        "accumulatedRows", 0), monitoring.get());
    say("retraining policy of %s: on a drift or quality alert in %s with at least %d labelled rows, harvest the window",
        o.model(), o.environment(), minLabelled);

    CheckRows harvestSlice = rows(o.harvestRows(), o.seed(), signature);
    CheckRows comparedSlice = rows(o.comparedRows(), o.seed() + 1, signature);
    Sent toHarvest = send(harvestSlice);
    Sent oldOnCompared = send(comparedSlice);
    say("sent %d drifted requests (drift %.1f) to %s: v%d is right on %.1f %% of them (the generator knows the truth)",
        toHarvest.labels().size() + oldOnCompared.labels().size(), o.drift(), o.environment(), oldVersion,
        100 * (toHarvest.accuracy() * toHarvest.labels().size() + oldOnCompared.accuracy() * oldOnCompared.labels().size())
            / (toHarvest.labels().size() + oldOnCompared.labels().size()));

    feedback(toHarvest);
    awaitLabelled(oldVersion, toHarvest, toHarvest.labels().size());
    say("posted ground truth for %d of them; monitoring joined it to the predictions", toHarvest.labels().size());

    JsonNode evaluations = Api.postEmpty(o.monitoring() + "/monitoring/evaluations?model=" + o.model(), monitoring.get());
    List<String> alerted = new ArrayList<>();
    for (JsonNode e : evaluations) {
      if (e.path("environment").asText().equals(o.environment())) {
        e.path("alerted").forEach(k -> alerted.add(k.asText()));
        say("monitoring evaluated v%d in %s: %s, alerts raised: %s", e.path("version").asInt(), o.environment(),
            e.path("status").asText(), alerted.isEmpty() ? "none" : String.join(", ", alerted));
      }
    }
    JsonNode report = report(oldVersion, toHarvest.from(), toHarvest.to());
    say("  drift (worst first): %s", worstFeatures(report, 5));
    say("  online accuracy of v%d on the labelled drifted rows: %s (held-out accuracy at training: %s)", oldVersion,
        percent(report.path("quality").path("accuracy")), percent(served.path("lineage").path("metrics").path("accuracy")));

    JsonNode harvest = awaitHarvest(started);
    say("harvest (%s trigger, %s policy) %s dataset version %s: %d labelled rows of [%s, %s), source=feedback, parent %s",
        harvest.path("trigger").asText(), harvest.path("policy").asText(), harvest.path("outcome").asText(),
        abbreviate(harvest.path("datasetVersion").asText()), harvest.path("labelled").asLong(),
        harvest.path("from").asText(), harvest.path("to").asText(), abbreviate(harvest.path("parentVersion").asText()));

    // Only now the compared slice's truth: it labels v(old)'s answers, after the harvest took its rows.
    feedback(oldOnCompared);

    // Requests keep coming while the pipeline retrains and swaps the model: none may fail.
    AtomicBoolean releasing = new AtomicBoolean(true);
    AtomicInteger duringRelease = new AtomicInteger();
    Thread trickle = new Thread(() -> {
      for (int i = 0; releasing.get(); i = (i + 1) % comparedSlice.size()) {
        Api.Answer a = Api.tryPostJson(o.serving() + "/predictions", Map.of("features", comparedSlice.features().get(i)), null);
        if (a.ok()) {
          duringRelease.incrementAndGet();
          answered.incrementAndGet();
        } else {
          failed.incrementAndGet();
          out.println("[demo] prediction failed during the release: " + Api.problemLine(a));
        }
        sleep(20);
      }
    }, "feedback-loop-trickle");
    trickle.start();
    int newVersion;
    try {
      newVersion = awaitRelease(oldVersion);
      Thread.sleep(2000);
    } finally {
      releasing.set(false);
      trickle.join();
    }
    JsonNode now = Api.get(o.serving() + "/model");
    say("the pipeline released v%d to %s (data %s from feedback); %d requests answered meanwhile", newVersion,
        o.environment(), abbreviate(now.path("lineage").path("dataVersion").asText()), duringRelease.get());

    Sent newOnCompared = send(comparedSlice);
    feedback(newOnCompared);
    awaitLabelled(oldVersion, oldOnCompared, oldOnCompared.labels().size());
    awaitLabelled(newVersion, newOnCompared, newOnCompared.labels().size());
    JsonNode oldReport = report(oldVersion, oldOnCompared.from(), oldOnCompared.to());
    JsonNode newReport = report(newVersion, newOnCompared.from(), newOnCompared.to());
    double oldAccuracy = oldReport.path("quality").path("accuracy").asDouble();
    double newAccuracy = newReport.path("quality").path("accuracy").asDouble();
    say("online accuracy on the same %d drifted requests: v%d %s, v%d %s", comparedSlice.size(), oldVersion,
        percent(oldReport.path("quality").path("accuracy")), newVersion, percent(newReport.path("quality").path("accuracy")));
    say("failed predictions throughout: %d", failed.get());
    JsonNode harvests = Api.get(o.monitoring() + "/monitoring/models/" + o.model() + "/harvests");
    return new Outcome(oldVersion, newVersion, alerted, harvest, harvests, oldAccuracy, newAccuracy,
        oldReport.path("counts").path("labelled").asLong(), newReport.path("counts").path("labelled").asLong(),
        failed.get(), duringRelease.get(), answered.get(), started);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CheckRows rows(int rows, long seed, JsonNode signature) throws Exception {
    try (InputStreamReader in = new InputStreamReader(new DemoDataGenerator(rows, seed, o.drift()), StandardCharsets.US_ASCII)) {
      return CheckRows.from(in, signature, rows);
    }
  }

  /** Every row to serving, four at a time; a request that fails is counted, not retried. */
  private Sent send(CheckRows rows) throws Exception {
    Instant from = Instant.now();
    int n = rows.size();
    String[] ids = new String[n];
    String[] predictions = new String[n];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < n; i += 4) {
            Api.Answer a = Api.tryPostJson(o.serving() + "/predictions", Map.of("features", rows.features().get(i)), null);
            if (a.ok()) {
              answered.incrementAndGet();
              ids[i] = a.body().path("requestId").asText();
              predictions[i] = a.body().path("prediction").asText();
            } else {
              failed.incrementAndGet();
              out.println("[demo] prediction failed: " + Api.problemLine(a));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<String> sentIds = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (ids[i] != null) {
        sentIds.add(ids[i]);
        labels.add(rows.labels().get(i));
        answers.add(predictions[i]);
      }
    }
    return new Sent(sentIds, labels, answers, from, Instant.now());
  }

  /** The true label of every answered request, four at a time, retried while serving asks to (503, Retry-After). */
  private void feedback(Sent sent) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < sent.requestIds().size(); i += 4) {
            Map<String, Object> body = Map.of("requestId", sent.requestIds().get(i), "actual", sent.labels().get(i));
            Api.Answer a = Api.tryPostJson(o.serving() + "/feedback", body, feedbackWriter.get());
            for (int attempt = 0; a.status() == 503 && attempt < 30; attempt++) {
              Thread.sleep(1000);
              a = Api.tryPostJson(o.serving() + "/feedback", body, feedbackWriter.get());
            }
            if (!a.ok()) {
              throw new IllegalStateException("feedback refused: " + Api.problemLine(a));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private void awaitLabelled(int version, Sent sent, long expected) throws InterruptedException {
    long labelled = -1;
    for (long until = System.nanoTime() + Duration.ofMinutes(3).toNanos(); System.nanoTime() < until; Thread.sleep(2000)) {
      labelled = report(version, sent.from(), sent.to()).path("counts").path("labelled").asLong();
      if (labelled >= expected) {
        return;
      }
    }
    throw new IllegalStateException("v" + version + ": " + labelled + " of " + expected + " predictions labelled after 3 min");
  }

  private JsonNode awaitHarvest(Instant since) throws InterruptedException {
    for (long until = System.nanoTime() + Duration.ofMinutes(3).toNanos(); System.nanoTime() < until; Thread.sleep(2000)) {
      for (JsonNode h : Api.get(o.monitoring() + "/monitoring/models/" + o.model() + "/harvests").path("items")) {
        if (Instant.parse(h.path("startedAt").asText()).isAfter(since) && h.path("outcome").asText().equals("created")) {
          return h;
        }
      }
    }
    throw new IllegalStateException("no harvest after the alert within 3 min");
  }

  private int awaitRelease(int oldVersion) throws InterruptedException {
    for (long until = System.nanoTime() + o.releaseTimeout().toNanos(); System.nanoTime() < until; Thread.sleep(2000)) {
      int v = Api.get(o.serving() + "/model").path("version").asInt();
      if (v > oldVersion) {
        return v;
      }
    }
    // Says where the release stopped (e.g. an aborted canary, a refused promotion), not only that it did.
    List<String> last = new ArrayList<>();
    Api.get(o.registry() + "/models/" + o.model() + "/history").forEach(h -> last.add(String.format("v%d %s->%s (%s)",
        h.path("version").asInt(), h.path("from").asText(), h.path("to").asText(), h.path("reason").asText())));
    throw new IllegalStateException("no new version in " + o.environment() + " within " + o.releaseTimeout()
        + "; the registry's last stage changes: " + String.join("; ", last.subList(Math.max(0, last.size() - 4), last.size())));
  }

  private JsonNode report(int version, Instant from, Instant to) {
    return Api.get(o.monitoring() + "/monitoring/models/" + o.model() + "/report?environment=" + o.environment()
        + "&version=" + version + "&from=" + from + "&to=" + to.plusSeconds(1));
  }

  private static String worstFeatures(JsonNode report, int n) {
    List<JsonNode> features = new ArrayList<>();
    report.path("features").forEach(features::add);
    features.sort((a, b) -> Double.compare(b.path("psi").asDouble(), a.path("psi").asDouble()));
    return String.join(", ", features.stream().limit(n).map(f -> String.format("%s %s (PSI %.2f)",
        f.path("feature").asText(), f.path("status").asText(), f.path("psi").asDouble())).toList());
  }

  private static String percent(JsonNode value) {
    return value.isNumber() ? String.format("%.1f %%", 100 * value.asDouble()) : "n/a";
  }

  private static String abbreviate(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private void say(String format, Object... args) {
    out.println("[feedback-loop] " + String.format(format, args));
  }
}
