package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.gate.GateRules;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gate", description = "Evaluation gate: the run's held-out figures must beat the baseline of its own held-out"
    + " rows (majority-class rate, uniform-guess macro F1) and keep the fairness gaps; fixed floors are optional.")
public class GateCommand implements Callable<Integer> {
  @Option(names = "--run", defaultValue = "run.json") Path run;
  @Option(names = "--accuracy-margin", defaultValue = "${env:GATE_ACCURACY_MARGIN:-0.01}",
      description = "Accuracy must reach the majority-class rate plus this") double accuracyMargin;
  @Option(names = "--macro-f1-margin", defaultValue = "${env:GATE_MACRO_F1_MARGIN:-0.0}",
      description = "Macro F1 must be above the uniform-guess baseline plus this") double macroF1Margin;
  @Option(names = "--min-accuracy", defaultValue = "${env:GATE_MIN_ACCURACY}",
      description = "Optional fixed floor (per model: set it in the model's pipeline)") Double minAccuracy;
  @Option(names = "--min-macro-f1", defaultValue = "${env:GATE_MIN_MACRO_F1}", description = "Optional fixed floor")
  Double minMacroF1;
  @Option(names = "--max-positive-rate-gap", defaultValue = "${env:GATE_MAX_POSITIVE_RATE_GAP:-0.50}",
      description = "Largest allowed gap in predicted positive rate between groups of a protected column")
  double maxPositiveRateGap;
  @Option(names = "--max-accuracy-gap", defaultValue = "${env:GATE_MAX_ACCURACY_GAP:-0.50}",
      description = "Largest allowed accuracy gap between groups of a protected column (groups of --min-group-rows)")
  double maxAccuracyGap;
  @Option(names = "--min-group-rows", defaultValue = "${env:GATE_MIN_GROUP_ROWS:-30}") int minGroupRows;

  @Override
  public Integer call() throws Exception {
    JsonNode r = Api.JSON.readTree(run.toFile());
    GateRules rules = new GateRules(accuracyMargin, macroF1Margin, minAccuracy, minMacroF1, maxPositiveRateGap,
        maxAccuracyGap, minGroupRows);
    System.out.println("[gate] baseline of the held-out rows: " + GateRules.baseline(r));
    List<GateRules.Outcome> outcomes = rules.judge(r);
    outcomes.forEach(o -> System.out.println("[gate] " + o.line()));
    List<String> failed = outcomes.stream().filter(o -> !o.passed()).map(GateRules.Outcome::line).toList();
    if (!failed.isEmpty()) {
      System.out.println("[gate] decision: REFUSED");
      throw new CliFailure("gate refused: " + String.join("; ", failed));
    }
    System.out.println("[gate] decision: passed");
    return 0;
  }
}
