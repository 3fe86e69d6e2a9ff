package dev.cd4ml.registry.domain;

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
 * {@code fairness.<protected column>.<rate>Gap}, e.g. {@code fairness.sex.positiveRateGap}.
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

  public static List<RuleViolation> evaluateProduction(PolicySettings policy, Candidate candidate, Holder current) {
    List<RuleViolation> violations = new ArrayList<>();
    checkRequired(policy, candidate, violations);

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
        Double prod = current.metrics() == null ? null : current.metrics().get(metric);
        if (prod != null && value < prod - policy.maxRegression() - EPSILON) {
          violations.add(new RuleViolation(RULE_MAX_REGRESSION, String.format(Locale.ROOT,
              "%s %.4f is %.4f below production version %d (%.4f); the tolerance is %.4f",
              metric, value, prod - value, current.version(), prod, policy.maxRegression())));
        }
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
    return violations;
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
