package dev.cd4ml.cli.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canary analysis' decision: each rule with its figures, and the verdict. A rule whose figures
 * the source does not have, or that has too little data (feedback), is skipped and says so; it never
 * passes silently. The verdict fails when any rule fails.
 */
public final class CanaryRules {
  public enum Outcome { PASS, FAIL, SKIPPED }

  public record Rule(String name, Outcome outcome, String figures) {
    public String line() {
      return String.format(Locale.ROOT, "%-7s %-17s %s", outcome, name, figures);
    }
  }

  public record Verdict(List<Rule> rules) {
    public boolean passed() {
      return rules.stream().noneMatch(r -> r.outcome() == Outcome.FAIL);
    }

    public List<String> failed() {
      return rules.stream().filter(r -> r.outcome() == Outcome.FAIL).map(Rule::name).toList();
    }
  }

  private CanaryRules() {}

  public static Verdict judge(Observation o, Thresholds t) {
    List<Rule> rules = new ArrayList<>();
    Rule accuracy = accuracy(o.primary(), o.canary(), t);
    rules.add(traffic(o));
    rules.add(errorRate(o.primary(), o.canary(), t));
    rules.add(latency(o.primary(), o.canary(), t));
    rules.add(outweighed(drift(o, t), accuracy));
    rules.add(accuracy);
    return new Verdict(List.copyOf(rules));
  }

  static Rule traffic(Observation o) {
    long c = o.canary().predictions();
    long p = o.primary().predictions();
    String figures = f("canary v%d %d predictions, primary v%d %d (target %d canary predictions%s)", o.canary().version(), c,
        o.primary().version(), p, o.targetPredictions(), o.timedOut() ? ", not reached before the timeout" : "");
    boolean enough = c > 0 && p > 0 && !(o.timedOut() && c < o.targetPredictions());
    return new Rule("traffic", enough ? Outcome.PASS : Outcome.FAIL, figures);
  }

  static Rule errorRate(Figures p, Figures c, Thresholds t) {
    if (p.errorRate() == null || c.errorRate() == null) {
      return new Rule("error-rate", Outcome.SKIPPED, "no refusal counts per version in this source");
    }
    double limit = p.errorRate() + t.maxErrorRateIncrease();
    return new Rule("error-rate", c.errorRate() <= limit ? Outcome.PASS : Outcome.FAIL,
        f("canary %.4f, primary %.4f (limit %.4f = primary + %.4f)", c.errorRate(), p.errorRate(), limit,
            t.maxErrorRateIncrease()));
  }

  static Rule latency(Figures p, Figures c, Thresholds t) {
    if (p.latencyP99Ms() == null || c.latencyP99Ms() == null) {
      return new Rule("latency-p99", Outcome.SKIPPED, "no latency of both versions in the window");
    }
    double limit = Math.max(p.latencyP99Ms() * t.maxLatencyRatio(), p.latencyP99Ms() + t.latencySlackMs());
    return new Rule("latency-p99", c.latencyP99Ms() <= limit ? Outcome.PASS : Outcome.FAIL,
        f("canary %.2f ms, primary %.2f ms (limit %.2f ms = max(%.2f x primary, primary + %.1f ms))", c.latencyP99Ms(),
            p.latencyP99Ms(), limit, t.maxLatencyRatio(), t.latencySlackMs()));
  }

  static Rule drift(Observation o, Thresholds t) {
    if (o.predictionDriftPsi() == null) {
      return new Rule("prediction-drift", Outcome.SKIPPED, "no predictions of both versions to compare");
    }
    return new Rule("prediction-drift", o.predictionDriftPsi() <= t.maxPredictionDrift() ? Outcome.PASS : Outcome.FAIL,
        f("PSI %.4f between the predicted labels, canary %s vs primary %s (limit %.4f)", o.predictionDriftPsi(),
            new java.util.TreeMap<>(o.canary().predicted()), new java.util.TreeMap<>(o.primary().predicted()),
            t.maxPredictionDrift()));
  }

  /**
   * Prediction drift stands in for ground truth: a canary that feedback shows to be as accurate as the
   * primary may predict another label mix (a model retrained on a changed world should).
   */
  static Rule outweighed(Rule drift, Rule accuracy) {
    if (drift.outcome() == Outcome.FAIL && accuracy.outcome() == Outcome.PASS) {
      return new Rule(drift.name(), Outcome.PASS, drift.figures() + "; above the limit, but online-accuracy passed on feedback");
    }
    return drift;
  }

  static Rule accuracy(Figures p, Figures c, Thresholds t) {
    if (p.accuracy() == null || c.accuracy() == null || p.labelled() < t.minLabelled() || c.labelled() < t.minLabelled()) {
      return new Rule("online-accuracy", Outcome.SKIPPED, f("too little feedback: canary %d, primary %d labelled"
          + " predictions (each needs %d)", c.labelled(), p.labelled(), t.minLabelled()));
    }
    double limit = p.accuracy() * t.minAccuracyRatio();
    return new Rule("online-accuracy", c.accuracy() >= limit ? Outcome.PASS : Outcome.FAIL,
        f("canary %.4f on %d labelled, primary %.4f on %d (at least %.4f = %.2f x primary)", c.accuracy(), c.labelled(),
            p.accuracy(), p.labelled(), limit, t.minAccuracyRatio()));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
