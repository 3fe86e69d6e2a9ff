package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import dev.cd4ml.cli.gate.Baseline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "acceptance", description = "Acceptance tests against an environment: predictions answer, the signature is"
    + " honoured, quality on the rows training held out (above their majority-class rate), latency sanity. Records the 'acceptance' check in the registry.")
public class AcceptanceCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--environment", defaultValue = "${env:ENVIRONMENT:-test}") String environment;
  @Option(names = "--check-dataset", defaultValue = "${env:CHECK_DATASET}",
      description = "Check rows from the latest version of this dataset (default: the rows the release's training run"
          + " held out of its data version, stored as a derived version of <dataset>-check)")
  String checkDataset;
  @Option(names = "--rows", defaultValue = "${env:CHECK_ROWS:-5000}",
      description = "At most this many check rows (the held-out rows in file order; all of them for most data, so"
          + " serving's accuracy is the training run's held-out accuracy, measured through the environment)")
  int rows;
  @Option(names = "--accuracy-margin", defaultValue = "${env:CHECK_ACCURACY_MARGIN:-0.0}",
      description = "Accuracy on the check rows must reach their majority-class rate plus this") double accuracyMargin;
  @Option(names = "--min-accuracy", defaultValue = "${env:CHECK_MIN_ACCURACY}",
      description = "Optional fixed floor (per model: set it in the model's pipeline)") Double minAccuracy;
  @Option(names = "--max-p95-ms", defaultValue = "${env:CHECK_MAX_P95_MS:-50}") double maxP95Ms;

  @Override
  public Integer call() {
    Release release = Release.read(releaseFile);
    Endpoints e = Endpoints.fromEnv();
    String serving = e.serving(environment);
    Map<String, String> results = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();

    JsonNode served = Api.get(serving + "/model");
    if (served.path("version").asInt() != release.modelVersion()) {
      failures.add("serves v" + served.path("version").asText() + ", not v" + release.modelVersion());
    }
    JsonNode signature = served.path("signature");
    CheckRows check = checkRows(e, release, signature);

    // 1. predictions answer, 4. latency: one request at a time, as a client would.
    int correct = 0;
    double[] latencies = new double[check.size()];
    for (int i = 0; i < check.size(); i++) {
      long t0 = System.nanoTime();
      Api.Answer a = Api.tryPostJson(serving + "/predictions", Map.of("features", check.features().get(i)), null);
      latencies[i] = (System.nanoTime() - t0) / 1e6;
      if (!a.ok()) {
        failures.add("prediction " + i + " failed: " + Api.problemLine(a));
        break;
      }
      if (a.body().path("prediction").asText().equalsIgnoreCase(check.labels().get(i))) {
        correct++;
      }
    }
    double accuracy = check.size() == 0 ? 0 : (double) correct / check.size();
    Map<String, Long> classes = new LinkedHashMap<>();
    check.labels().forEach(l -> classes.merge(l, 1L, Long::sum));
    Baseline baseline = Baseline.of(classes);
    double accuracyLimit = Math.max(baseline.majorityClassRate() + accuracyMargin, minAccuracy == null ? 0 : minAccuracy);
    Arrays.sort(latencies);
    double p95 = latencies.length == 0 ? 0 : latencies[(int) Math.floor(0.95 * (latencies.length - 1))];
    results.put("rows", "" + check.size());
    results.put("accuracy", String.format("%.4f", accuracy));
    results.put("majorityClassRate", String.format("%.4f", baseline.majorityClassRate()));
    results.put("p95Ms", String.format("%.2f", p95));
    System.out.printf("[acceptance] check rows: %s; accuracy %.4f, limit %.4f%n", baseline, accuracy, accuracyLimit);
    if (accuracy < accuracyLimit) {
      failures.add(String.format("accuracy %.4f on %d held-out rows < %.4f (majority-class rate %.4f + %.2f%s)", accuracy,
          check.size(), accuracyLimit, baseline.majorityClassRate(), accuracyMargin,
          minAccuracy == null ? "" : ", fixed floor " + minAccuracy));
    }
    if (p95 > maxP95Ms) {
      failures.add(String.format("p95 latency %.1f ms > %.0f ms", p95, maxP95Ms));
    }

    // 2. the signature is honoured: a request without its first feature is refused naming it.
    if (!check.features().isEmpty()) {
      Map<String, Object> missing = new LinkedHashMap<>(check.features().get(0));
      String dropped = missing.keySet().iterator().next();
      missing.remove(dropped);
      Api.Answer refused = Api.tryPostJson(serving + "/predictions", Map.of("features", missing), null);
      boolean named = refused.status() == 400 && refused.body().toString().contains(dropped);
      results.put("signature", named ? "missing feature refused" : "HTTP " + refused.status());
      if (!named) {
        failures.add("a request without '" + dropped + "' was not refused with 400 naming it (got " + refused.status() + ")");
      }
    }

    boolean passed = failures.isEmpty();
    String details = results + (passed ? "" : " failures: " + failures);
    ObjectNode checkBody = Api.object().put("name", "acceptance").put("passed", passed).put("details", details)
        .put("pipelineLabel", Pipeline.label());
    Api.Answer recorded = Api.tryPostJson(e.registry() + "/models/" + release.modelName() + "/versions/"
        + release.modelVersion() + "/checks", checkBody, e.tokenForChecks());
    if (!recorded.ok()) {
      throw new CliFailure("could not record the acceptance check: " + Api.problemLine(recorded));
    }
    System.out.printf("[acceptance] %s v%d on %s: %s %s%n", release.modelName(), release.modelVersion(), environment,
        passed ? "passed" : "FAILED", details);
    if (!passed) {
      throw new CliFailure("acceptance failed: " + String.join("; ", failures));
    }
    return 0;
  }

  private CheckRows checkRows(Endpoints e, Release release, JsonNode signature) {
    String dataset = checkDataset;
    String version;
    if (dataset == null || dataset.isBlank()) {
      // The rows of the release's own data version its training run never saw.
      if (release.trainingRunId() == null) {
        throw new CliFailure("the release names no training run: cannot derive its held-out rows (or give --check-dataset)");
      }
      JsonNode v = HeldOutRows.derive(e.data(), e.training(), release.dataset(), release.dataVersion(), release.trainingRunId());
      dataset = v.path("dataset").asText();
      version = v.path("id").asText();
      System.out.printf("[acceptance] check set %s v%d (%s): %d rows held out of %s@%s%n", dataset, v.path("number").asInt(),
          version, v.path("rows").asLong(), release.dataset(), release.dataVersion());
    } else {
      version = "latest";
    }
    CheckRows check = CheckRows.load(e.data(), dataset, version, signature, rows);
    if (check.size() == 0) {
      throw new CliFailure("check set " + dataset + " has no usable rows");
    }
    return check;
  }
}
