package dev.cd4ml.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.commands.CheckRows;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bad candidate that every offline check passes, pulled back by the canary: a new data version whose
 * label export inverted the encoding (each row's label swapped for the other). Training, the gate and the
 * acceptance test all read those labels, so they agree with them; production's ground truth does not.
 * The pipeline releases the candidate as a canary beside production; from the ground truth posted for
 * every answer the canary analysis finds it losing online accuracy and aborts it (canary -> archived).
 * Production's version never changes, no request fails.
 */
public final class LabelBugDemo {
  /** Where and how much. */
  public record Options(String data, String serving, String registry, String dataset, String model, double drift,
      long seed, Duration timeout, LocalKeycloak identities) {
    /** The platform of {@code CD4ML_RUN_DIR} (default .run) at this port offset. */
    static Options local(int offset) {
      return local(offset, LocalKeycloak.fromEnv());
    }

    static Options local(int offset, LocalKeycloak identities) {
      return new Options("http://127.0.0.1:" + (8081 + offset), "http://127.0.0.1:" + (8085 + offset),
          "http://127.0.0.1:" + (8083 + offset), Layout.DATASET, Layout.MODEL, 0.5, 77, Duration.ofMinutes(8), identities);
    }
  }

  /**
   * @param abort the registry's audit entry of the abort (canary -> archived), null if none came
   * @param productionAfter the production version when the demo ended
   */
  public record Outcome(int production, int candidate, String dataVersion, JsonNode abort, int productionAfter,
      int answered, int failed, int answeredByCanary, int labelled) {}

  private final Options o;
  private final PrintStream out;

  public LabelBugDemo(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int offset = Integer.parseInt(System.getenv().getOrDefault("CD4ML_PORT_OFFSET", "0"));
    // The bad export is uploaded the way the pipeline's data tasks upload (data-service needs role data-writer).
    LocalKeycloak.fromEnv().actAsPipeline();
    Outcome outcome = new LabelBugDemo(Options.local(offset), System.out).run();
    System.exit(outcome.abort() != null && outcome.productionAfter() == outcome.production() ? 0 : 1);
  }

  public Outcome run() throws Exception {
    JsonNode served = Api.get(o.serving() + "/model");
    int production = served.path("version").asInt();
    int lastVersion = lastVersion();
    JsonNode latest = Api.get(o.data() + "/datasets/" + o.dataset() + "/versions/latest");
    String label = latest.path("schema").path("label").asText();
    String csv = Api.get(o.data() + "/datasets/" + o.dataset() + "/versions/" + latest.path("id").asText() + "/content").asText();
    Path file = Files.createTempFile("cd4ml-label-bug-", ".csv");
    JsonNode uploaded;
    try {
      Files.writeString(file, invertLabels(csv, label), StandardCharsets.UTF_8);
      uploaded = Api.postFile(o.data() + "/datasets/" + o.dataset() + "/versions?parent=" + latest.path("id").asText()
          + "&message=" + URLEncoder.encode("label export with the encoding inverted (a bug)", StandardCharsets.UTF_8),
          file, "text/csv");
    } finally {
      Files.deleteIfExists(file);
    }
    String dataVersion = uploaded.path("id").asText();
    say("uploaded data version %s of %s: the rows of %s with every '%s' inverted (a label export bug)",
        abbreviate(dataVersion), o.dataset(), abbreviate(latest.path("id").asText()), label);

    // Production traffic with its ground truth, as a labelling process returns it, until the candidate is judged.
    CheckRows traffic;
    try (InputStreamReader in = new InputStreamReader(new DemoDataGenerator(5000, o.seed(), o.drift()), StandardCharsets.US_ASCII)) {
      traffic = CheckRows.from(in, served.path("signature"), 5000);
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger byCanary = new AtomicInteger();
    AtomicInteger labelled = new AtomicInteger();
    // ground truth as a labelling process returns it: demo-feedback-writer's token (issue 20)
    java.util.function.Supplier<String> feedbackWriter = o.identities().session(LocalKeycloak.FEEDBACK_WRITER);
    Thread sender = new Thread(() -> {
      for (int i = 0; running.get(); i = (i + 1) % traffic.size()) {
        Api.Answer a = Api.tryPostJson(o.serving() + "/predictions", Map.of("features", traffic.features().get(i)), null);
        if (!a.ok()) {
          failed.incrementAndGet();
          out.println("[label-bug] prediction failed: " + Api.problemLine(a));
          continue;
        }
        answered.incrementAndGet();
        byCanary.addAndGet("canary".equals(a.body().path("role").asText()) ? 1 : 0);
        Api.Answer f = Api.tryPostJson(o.serving() + "/feedback", Map.of("requestId", a.body().path("requestId").asText(),
            "actual", traffic.labels().get(i)), feedbackWriter.get());
        labelled.addAndGet(f.ok() ? 1 : 0);
        sleep(15);
      }
    }, "label-bug-traffic");
    sender.start();
    JsonNode abort;
    int candidate;
    try {
      candidate = awaitRegistered(lastVersion);
      say("the pipeline trained and registered v%d on it; gate and acceptance read the same labels", candidate);
      abort = awaitAbort(candidate, production);
    } finally {
      running.set(false);
      sender.join();
    }
    int productionAfter = Api.get(o.serving() + "/model").path("version").asInt();
    if (abort != null) {
      say("the canary analysis aborted v%d: %s", candidate, abort.path("reason").asText());
    }
    say("production serves v%d (before: v%d); %d requests answered meanwhile, %d by the canary, %d failed, %d labelled",
        productionAfter, production, answered.get(), byCanary.get(), failed.get(), labelled.get());
    return new Outcome(production, candidate, dataVersion, abort, productionAfter, answered.get(), failed.get(),
        byCanary.get(), labelled.get());
  }

  /**
   * The CSV with each row's label swapped: two labels trade places, more are rotated. Only for tables
   * without quoted fields (the demo's).
   */
  static String invertLabels(String csv, String label) {
    String[] lines = csv.split("\r?\n");
    List<String> header = List.of(lines[0].split(",", -1));
    int column = header.indexOf(label);
    if (column < 0) {
      throw new IllegalStateException("no column " + label + " in " + header);
    }
    Set<String> values = new LinkedHashSet<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].indexOf('"') >= 0) {
        throw new IllegalStateException("line " + (i + 1) + " has a quoted field: the demo inverts simple tables only");
      }
      if (!lines[i].isEmpty()) {
        values.add(lines[i].split(",", -1)[column]);
      }
    }
    values.remove("");
    List<String> order = new ArrayList<>(values);
    java.util.Collections.sort(order);
    StringBuilder b = new StringBuilder(csv.length()).append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] f = lines[i].split(",", -1);
      int at = order.indexOf(f[column]);
      if (at >= 0) {
        f[column] = order.get((at + 1) % order.size());
      }
      b.append(String.join(",", f)).append('\n');
    }
    return b.toString();
  }

  private int lastVersion() {
    int last = 0;
    for (JsonNode h : Api.get(o.registry() + "/models/" + o.model() + "/history")) {
      last = Math.max(last, h.path("version").asInt());
    }
    return Math.max(last, Api.get(o.serving() + "/model").path("version").asInt());
  }

  private int awaitRegistered(int after) throws InterruptedException {
    for (long until = System.nanoTime() + o.timeout().toNanos(); System.nanoTime() < until; Thread.sleep(2000)) {
      int v = lastVersion();
      if (v > after) {
        return v;
      }
    }
    throw new IllegalStateException("no new version of " + o.model() + " entered a stage within " + o.timeout());
  }

  /**
   * The abort's audit entry; null when production changed, a check stopped the candidate before the
   * canary (said why), or the time ran out.
   */
  private JsonNode awaitAbort(int candidate, int production) throws InterruptedException {
    for (long until = System.nanoTime() + o.timeout().toNanos(); System.nanoTime() < until; Thread.sleep(2000)) {
      for (JsonNode h : Api.get(o.registry() + "/models/" + o.model() + "/history")) {
        if (h.path("version").asInt() == candidate && "canary".equals(h.path("from").asText())
            && "archived".equals(h.path("to").asText())) {
          return h;
        }
      }
      if (Api.get(o.serving() + "/model").path("version").asInt() != production) {
        say("production changed to the candidate: the bug was released");
        return null;
      }
      for (JsonNode check : Api.get(o.registry() + "/models/" + o.model() + "/versions/" + candidate).path("checks")) {
        if (!check.path("passed").asBoolean(true)) {
          say("v%d failed its %s check before the canary: %s", candidate, check.path("name").asText(),
              check.path("details").asText());
          return null;
        }
      }
    }
    say("v%d neither aborted nor released within %s", candidate, o.timeout());
    return null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private void say(String format, Object... args) {
    out.println("[label-bug] " + String.format(format, args));
  }
}
