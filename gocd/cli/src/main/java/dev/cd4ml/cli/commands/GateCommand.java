package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gate", description = "Evaluation gate: the run's held-out metrics must meet the thresholds.")
public class GateCommand implements Callable<Integer> {
  @Option(names = "--run", defaultValue = "run.json") Path run;
  @Option(names = "--min-accuracy", defaultValue = "${env:GATE_MIN_ACCURACY:-0.70}") double minAccuracy;
  @Option(names = "--min-macro-f1", defaultValue = "${env:GATE_MIN_MACRO_F1:-0.55}") double minMacroF1;
  @Option(names = "--max-positive-rate-gap", defaultValue = "${env:GATE_MAX_POSITIVE_RATE_GAP:-0.50}",
      description = "Largest allowed gap in predicted positive rate between groups of a protected column")
  double maxPositiveRateGap;

  @Override
  public Integer call() throws Exception {
    JsonNode metrics = Api.JSON.readTree(run.toFile()).path("metrics");
    List<String> unmet = unmet(metrics, minAccuracy, minMacroF1, maxPositiveRateGap);
    if (!unmet.isEmpty()) {
      throw new CliFailure("gate refused: " + String.join("; ", unmet));
    }
    System.out.printf("[gate] passed: accuracy %.4f >= %.2f, macroF1 %.4f >= %.2f, positive-rate gaps <= %.2f%n",
        metrics.path("accuracy").asDouble(), minAccuracy, metrics.path("macroF1").asDouble(), minMacroF1, maxPositiveRateGap);
    return 0;
  }

  static List<String> unmet(JsonNode metrics, double minAccuracy, double minMacroF1, double maxGap) {
    List<String> unmet = new ArrayList<>();
    if (!metrics.has("accuracy") || metrics.get("accuracy").asDouble() < minAccuracy) {
      unmet.add("accuracy " + metrics.path("accuracy").asText("missing") + " < " + minAccuracy);
    }
    if (!metrics.has("macroF1") || metrics.get("macroF1").asDouble() < minMacroF1) {
      unmet.add("macroF1 " + metrics.path("macroF1").asText("missing") + " < " + minMacroF1);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (m.getKey().startsWith("fairness.") && m.getKey().endsWith(".positiveRateGap") && m.getValue().asDouble() > maxGap) {
        unmet.add(m.getKey() + " " + m.getValue().asText() + " > " + maxGap);
      }
    }
    return unmet;
  }
}
