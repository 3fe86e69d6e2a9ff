package dev.cd4ml.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation gate's rules on a run's held-out figures. By default each limit is relative to the data
 * ({@link Baseline} of the held-out rows' class counts): accuracy at least the majority-class rate plus a
 * margin, macro F1 above the uniform-guess baseline plus a margin; fairness: the predicted-positive-rate gap
 * (problems with a positive label) and the accuracy gap between groups with enough held-out rows. Fixed
 * floors are optional, for a model whose owners know what good is.
 */
public record GateRules(double accuracyMargin, double macroF1Margin, Double minAccuracy, Double minMacroF1,
    double maxPositiveRateGap, double maxAccuracyGap, int minGroupRows) {

  public static final GateRules DEFAULTS = new GateRules(0.01, 0.0, null, null, 0.50, 0.50, 30);

  /** One rule's outcome, printed as one line. */
  public record Outcome(String rule, boolean passed, String line) {}

  /** The baseline of a run's held-out rows: the support of each class in its evaluation. */
  public static Baseline baseline(JsonNode run) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = run.path("evaluation").path("perClass").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      counts.put(c.getKey(), c.getValue().path("support").asLong());
    }
    return Baseline.of(counts);
  }

  public List<Outcome> judge(JsonNode run) {
    JsonNode metrics = run.path("metrics");
    Baseline b = baseline(run);
    List<Outcome> out = new ArrayList<>();
    if (b.rows() == 0) {
      out.add(new Outcome("baseline", false, "FAIL baseline: the run has no held-out class counts (evaluation.perClass)"));
      return out;
    }
    double accuracyLimit = b.majorityClassRate() + accuracyMargin;
    String accuracyWhy = String.format("majority-class rate %.4f + margin %.2f", b.majorityClassRate(), accuracyMargin);
    if (minAccuracy != null && minAccuracy > accuracyLimit) {
      accuracyLimit = minAccuracy;
      accuracyWhy = String.format("fixed floor (majority-class rate %.4f + %.2f is lower)", b.majorityClassRate(), accuracyMargin);
    }
    out.add(atLeast("accuracy", metrics, accuracyLimit, accuracyWhy));
    double f1Limit = b.uniformMacroF1() + macroF1Margin;
    String f1Why = String.format("uniform-guess macro F1 %.4f + margin %.2f", b.uniformMacroF1(), macroF1Margin);
    boolean fixedF1 = minMacroF1 != null && minMacroF1 > f1Limit;
    if (fixedF1) {
      f1Limit = minMacroF1;
      f1Why = String.format("fixed floor (uniform-guess macro F1 %.4f + %.2f is lower)", b.uniformMacroF1(), macroF1Margin);
    }
    Outcome f1 = atLeast("macroF1", metrics, f1Limit, f1Why);
    // "above" the uniform guess: equal to it is no better than guessing.
    if (f1.passed() && !fixedF1 && metrics.path("macroF1").asDouble() <= f1Limit) {
      f1 = new Outcome("macroF1", false, f1.line().replace("PASS", "FAIL"));
    }
    out.add(f1);
    for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (m.getKey().startsWith("fairness.") && m.getKey().endsWith(".positiveRateGap")) {
        double gap = m.getValue().asDouble();
        boolean ok = gap <= maxPositiveRateGap;
        out.add(new Outcome(m.getKey(), ok, String.format("%s %s: %.4f <= %.2f", ok ? "PASS" : "FAIL", m.getKey(), gap,
            maxPositiveRateGap)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = run.path("evaluation").path("fairness").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      int groups = 0;
      for (Iterator<JsonNode> g = column.getValue().path("groups").elements(); g.hasNext(); ) {
        JsonNode group = g.next();
        if (group.path("count").asLong() >= minGroupRows) {
          lo = Math.min(lo, group.path("accuracy").asDouble());
          hi = Math.max(hi, group.path("accuracy").asDouble());
          groups++;
        }
      }
      String rule = "fairness." + column.getKey() + ".accuracyGap";
      if (groups < 2) {
        out.add(new Outcome(rule, true, String.format("SKIPPED %s: fewer than 2 groups with %d held-out rows", rule,
            minGroupRows)));
      } else {
        boolean ok = hi - lo <= maxAccuracyGap;
        out.add(new Outcome(rule, ok, String.format("%s %s: %.4f <= %.2f (%d groups with >= %d held-out rows)",
            ok ? "PASS" : "FAIL", rule, hi - lo, maxAccuracyGap, groups, minGroupRows)));
      }
    }
    return out;
  }

  private static Outcome atLeast(String name, JsonNode metrics, double limit, String why) {
    if (!metrics.has(name)) {
      return new Outcome(name, false, "FAIL " + name + ": missing from the run's metrics");
    }
    double v = metrics.get(name).asDouble();
    boolean ok = v >= limit;
    return new Outcome(name, ok, String.format("%s %s: %.4f >= %.4f (%s)", ok ? "PASS" : "FAIL", name, v, limit, why));
  }
}
