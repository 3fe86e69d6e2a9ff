package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.model.ChampionMetrics;
import dev.cd4ml.contracts.model.CheckResult;
import dev.cd4ml.contracts.model.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a version may enter production. Every rule is evaluated so a refusal lists all
 * unmet rules at once.
 *
 * <p>Metric naming it relies on (flat keys as training-service reports them): the primary metric by
 * its name ({@code accuracy}, {@code macroF1}, {@code rocAuc}, ...), fairness gaps as
 * {@code fairness.<protected column>.<rate>Gap}, e.g. {@code fairness.sex.positiveRateGap}, and the
 * champion figures ({@link ChampionMetrics}: {@code champion.version}, {@code champion.<metric>}).
 */
public final class PromotionPolicy {
  public static final String RULE_REQUIRED_CHECK = "required-check";
  public static final String RULE_PRIMARY_METRIC = "primary-metric";
  public static final String RULE_MIN_VALUE = "min-value";
  public static final String RULE_MAX_REGRESSION = "max-regression";
  public static final String RULE_MAX_FAIRNESS_GAP = "max-fairness-gap";

  /** Absorbs decimal rounding so that 0.90 vs 0.92 - 0.02 is not a regression. */
  private static final double EPSILON = 1e-9;

  /**
   * @param servedProductionBefore the version was in production earlier: promoting it again is a
   *                               rollback, which the regression rule does not block (going back to a
   *                               known-good version is the point of a rollback)
   */
  public record Candidate(int version, Map<String, Double> metrics, List<CheckResult> checks, boolean servedProductionBefore) {}

  /** The version in production now (another one than the candidate). */
  public record Holder(int version, Map<String, Double> metrics) {}

  private PromotionPolicy() {}

  /**
   * What the gate decided.
   *
   * @param violations every unmet rule; empty means the version may enter production
   * @param regression how the {@code max-regression} rule compared (which figures, on which rows),
   *                   met or not; null when the rule did not apply (off, no production version, or a rollback)
   */
  public record Decision(List<RuleViolation> violations, String regression) {}

  public static List<RuleViolation> evaluateProduction(PolicySettings policy, Candidate candidate, Holder current) {
    return decideProduction(policy, candidate, current).violations();
  }

  /**
   * Entering canary needs what production needs except {@code max-regression}: the canary's live
   * comparison with production is what judges the regression, on real traffic. Promotion from
   * canary to production then applies every rule.
   */
  public static Decision decideCanary(PolicySettings policy, Candidate candidate) {
    return decideProduction(policy, candidate, null);
  }

  public static Decision decideProduction(PolicySettings policy, Candidate candidate, Holder current) {
    List<RuleViolation> violations = new ArrayList<>();
    checkRequired(policy, candidate, violations);
    String regression = null;

    String metric = policy.primaryMetric();
    Double value = candidate.metrics() == null ? null : candidate.metrics().get(metric);
    if (value == null) {
      violations.add(new RuleViolation(RULE_PRIMARY_METRIC,
          "version " + candidate.version() + " reports no '" + metric + "' metric, which the gate needs"));
    } else {
      if (policy.minValue() != null && value < policy.minValue() - EPSILON) {
        violations.add(new RuleViolation(RULE_MIN_VALUE,
            String.format(Locale.ROOT, "%s %.4f is below the minimum %.4f", metric, value, policy.minValue())));
      }
      if (policy.maxRegression() != null && current != null && current.version() != candidate.version()
          && !candidate.servedProductionBefore()) {
        regression = regression(policy, candidate, current, metric, value, violations);
      }
    }

    if (policy.maxFairnessGap() != null && candidate.metrics() != null) {
      candidate.metrics().entrySet().stream()
          .filter(e -> isFairnessGap(e.getKey()) && e.getValue() != null)
          .sorted(Map.Entry.comparingByKey())
          .filter(e -> Math.abs(e.getValue()) > policy.maxFairnessGap() + EPSILON)
          .forEach(e -> violations.add(new RuleViolation(RULE_MAX_FAIRNESS_GAP, String.format(Locale.ROOT,
              "%s %.4f exceeds the maximum fairness gap %.4f", e.getKey(), Math.abs(e.getValue()), policy.maxFairnessGap()))));
    }
    return new Decision(violations, regression);
  }

  /**
   * Compares the candidate with the production version on the same held-out rows when training
   * measured that very production version on the candidate's data (its champion figures): each
   * version's own figure comes from its own data version, and after the data drifted those are not
   * comparable. Without such figures it falls back to the production version's own figure.
   */
  private static String regression(PolicySettings policy, Candidate candidate, Holder current, String metric,
      double value, List<RuleViolation> violations) {
    Map<String, Double> metrics = candidate.metrics();
    Optional<Integer> championVersion = ChampionMetrics.version(metrics);
    Double champion = metrics.get(ChampionMetrics.key(metric));
    double tolerance = policy.maxRegression();
    if (championVersion.isPresent() && championVersion.get() == current.version() && champion != null) {
      boolean regressed = value < champion - tolerance - EPSILON;
      String message = String.format(Locale.ROOT,
          "same held-out rows: %s %.4f %s production version %d's %.4f (%s, measured by training on version %d's "
              + "held-out rows); the tolerance is %.4f",
          metric, value, regressed ? String.format(Locale.ROOT, "is %.4f below", champion - value) : "against",
          current.version(), champion, ChampionMetrics.key(metric), candidate.version(), tolerance);
      if (regressed) {
        violations.add(new RuleViolation(RULE_MAX_REGRESSION, message));
      }
      return message;
    }
    String why = championVersion.isEmpty() || champion == null
        ? "no champion figures recorded"
        : "its champion figures are of version " + championVersion.get() + ", not of production version " + current.version();
    Double prod = current.metrics() == null ? null : current.metrics().get(metric);
    if (prod == null) {
      return String.format(Locale.ROOT, "recorded figures (%s): production version %d reports no '%s'; not compared",
          why, current.version(), metric);
    }
    boolean regressed = value < prod - tolerance - EPSILON;
    String message = String.format(Locale.ROOT,
        "recorded figures, each on its own data version (%s): %s %.4f %s production version %d (%.4f); the tolerance is %.4f",
        why, metric, value, regressed ? String.format(Locale.ROOT, "is %.4f below", prod - value) : "against",
        current.version(), prod, tolerance);
    if (regressed) {
      violations.add(new RuleViolation(RULE_MAX_REGRESSION, message));
    }
    return message;
  }

  /** {@code fairness.<column>.<something>Gap}, case-insensitive on "gap". */
  public static boolean isFairnessGap(String metric) {
    if (metric == null || !metric.startsWith("fairness.")) {
      return false;
    }
    String last = metric.substring(metric.lastIndexOf('.') + 1);
    return last.toLowerCase(Locale.ROOT).contains("gap");
  }

  private static void checkRequired(PolicySettings policy, Candidate candidate, List<RuleViolation> violations) {
    String name = policy.requiredCheck();
    if (name == null || name.isBlank()) {
      return;
    }
    // Checks come in recording order; the latest one recorded in staging counts, so a later
    // failure withdraws an earlier pass.
    Optional<CheckResult> latest = Optional.empty();
    for (CheckResult c : candidate.checks() == null ? List.<CheckResult>of() : candidate.checks()) {
      if (name.equals(c.name()) && c.stage() == Stage.staging) {
        latest = Optional.of(c);
      }
    }
    if (latest.isEmpty()) {
      violations.add(new RuleViolation(RULE_REQUIRED_CHECK,
          "version " + candidate.version() + " has no '" + name + "' check recorded while it was in staging"));
    } else if (!latest.get().passed()) {
      violations.add(new RuleViolation(RULE_REQUIRED_CHECK,
          "the latest '" + name + "' check of version " + candidate.version() + " in staging failed"
              + (latest.get().details() == null ? "" : ": " + latest.get().details())));
    }
  }
}
