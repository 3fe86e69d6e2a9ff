package dev.cd4ml.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.CheckResult;
import dev.cd4ml.contracts.model.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
  private static final PolicySettings POLICY = new PolicySettings("accuracy", 0.7, 0.02, 0.2, "acceptance");
  private static final CheckResult PASSED_IN_STAGING = check("acceptance", true, Stage.staging);

  private static CheckResult check(String name, boolean passed, Stage stage) {
    return new CheckResult(name, passed, passed ? "ok" : "3 of 40 cases failed", "p/1", stage, Instant.now());
  }

  private static PromotionPolicy.Candidate candidate(Map<String, Double> metrics, List<CheckResult> checks) {
    return new PromotionPolicy.Candidate(5, metrics, checks, false);
  }

  private static List<String> rules(List<RuleViolation> violations) {
    return violations.stream().map(RuleViolation::rule).toList();
  }

  @Test
  void aGoodVersionPasses() {
    var v = PromotionPolicy.evaluateProduction(POLICY,
        candidate(Map.of("accuracy", 0.9, "fairness.sex.positiveRateGap", 0.1), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.91)));
    assertEquals(List.of(), v);
  }

  @Test
  void enteringCanaryNeedsEveryProductionRuleButTheRegressionRule() {
    var candidate = candidate(Map.of("accuracy", 0.80, "fairness.sex.positiveRateGap", 0.1), List.of(PASSED_IN_STAGING));
    var holder = new PromotionPolicy.Holder(4, Map.of("accuracy", 0.91));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION),
        rules(PromotionPolicy.decideProduction(POLICY, candidate, holder).violations()));
    var canary = PromotionPolicy.decideCanary(POLICY, candidate);
    assertEquals(List.of(), canary.violations(), "the canary's live comparison judges the regression");
    assertEquals(null, canary.regression());

    var unaccepted = PromotionPolicy.decideCanary(POLICY,
        candidate(Map.of("accuracy", 0.6, "fairness.sex.positiveRateGap", 0.3), List.of()));
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK, PromotionPolicy.RULE_MIN_VALUE,
        PromotionPolicy.RULE_MAX_FAIRNESS_GAP), rules(unaccepted.violations()));
  }

  @Test
  void acceptanceMustHavePassedWhileInStaging() {
    var none = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.9), List.of()), null);
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK), rules(none));
    assertTrue(none.get(0).message().contains("'acceptance'"));

    var elsewhere = PromotionPolicy.evaluateProduction(POLICY,
        candidate(Map.of("accuracy", 0.9), List.of(check("acceptance", true, Stage.none))), null);
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK), rules(elsewhere));

    var otherCheck = PromotionPolicy.evaluateProduction(POLICY,
        candidate(Map.of("accuracy", 0.9), List.of(check("smoke", true, Stage.staging))), null);
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK), rules(otherCheck));
  }

  @Test
  void aLaterFailureWithdrawsAnEarlierPass() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.9),
        List.of(PASSED_IN_STAGING, check("acceptance", false, Stage.staging))), null);
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK), rules(v));
    assertTrue(v.get(0).message().contains("failed: 3 of 40 cases failed"), v.get(0).message());

    var fixed = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.9),
        List.of(check("acceptance", false, Stage.staging), PASSED_IN_STAGING)), null);
    assertEquals(List.of(), fixed);
  }

  @Test
  void primaryMetricBelowMinimum() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.65), List.of(PASSED_IN_STAGING)), null);
    assertEquals(List.of(PromotionPolicy.RULE_MIN_VALUE), rules(v));
    assertEquals("accuracy 0.6500 is below the minimum 0.7000", v.get(0).message());
  }

  @Test
  void missingPrimaryMetric() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("macroF1", 0.9), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(1, Map.of("accuracy", 0.9)));
    assertEquals(List.of(PromotionPolicy.RULE_PRIMARY_METRIC), rules(v));
  }

  @Test
  void regressionAgainstProductionBeyondTolerance() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.85), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.90)));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION), rules(v));
    assertTrue(v.get(0).message().contains("below production version 4"), v.get(0).message());

    var withinTolerance = PromotionPolicy.evaluateProduction(POLICY,
        candidate(Map.of("accuracy", 0.88), List.of(PASSED_IN_STAGING)), new PromotionPolicy.Holder(4, Map.of("accuracy", 0.90)));
    assertEquals(List.of(), withinTolerance);
  }

  @Test
  void aRollbackToAFormerProductionVersionIsNotARegression() {
    var rollback = new PromotionPolicy.Candidate(2, Map.of("accuracy", 0.80), List.of(PASSED_IN_STAGING), true);
    assertEquals(List.of(), PromotionPolicy.evaluateProduction(POLICY, rollback, new PromotionPolicy.Holder(4, Map.of("accuracy", 0.95))));
  }

  @Test
  void everyFairnessGapAboveTheMaximumIsListed() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.9,
        "fairness.sex.positiveRateGap", 0.3, "fairness.age_band.truePositiveRateGap", -0.25,
        "fairness.region.positiveRateGap", 0.1, "fairness.sex.positiveRate", 0.9), List.of(PASSED_IN_STAGING)), null);
    assertEquals(List.of(PromotionPolicy.RULE_MAX_FAIRNESS_GAP, PromotionPolicy.RULE_MAX_FAIRNESS_GAP), rules(v));
    assertTrue(v.get(0).message().startsWith("fairness.age_band.truePositiveRateGap 0.2500"), v.get(0).message());
    assertTrue(v.get(1).message().startsWith("fairness.sex.positiveRateGap 0.3000"), v.get(1).message());
  }

  @Test
  void allUnmetRulesAreReportedTogether() {
    var v = PromotionPolicy.evaluateProduction(POLICY,
        candidate(Map.of("accuracy", 0.5, "fairness.sex.positiveRateGap", 0.5), List.of()),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.9)));
    assertEquals(List.of(PromotionPolicy.RULE_REQUIRED_CHECK, PromotionPolicy.RULE_MIN_VALUE,
        PromotionPolicy.RULE_MAX_REGRESSION, PromotionPolicy.RULE_MAX_FAIRNESS_GAP), rules(v));
  }

  @Test
  void rulesWithoutThresholdAreOff() {
    PolicySettings lenient = new PolicySettings("accuracy", null, null, null, null);
    assertEquals(List.of(), PromotionPolicy.evaluateProduction(lenient,
        candidate(Map.of("accuracy", 0.1, "fairness.sex.positiveRateGap", 0.9), List.of()),
        new PromotionPolicy.Holder(1, Map.of("accuracy", 0.99))));
  }

  @Test
  void fairnessGapNaming() {
    assertTrue(PromotionPolicy.isFairnessGap("fairness.sex.positiveRateGap"));
    assertTrue(PromotionPolicy.isFairnessGap("fairness.age_band.truePositiveRateGap"));
    assertFalse(PromotionPolicy.isFairnessGap("fairness.sex.positiveRate"));
    assertFalse(PromotionPolicy.isFairnessGap("accuracyGap"));
  }
  // The drift case the feedback loop meets: v1 measured 0.80 on its own (easy, old) rows; the retrained v5 measures
  // 0.74 on the drifted rows, where v1 only reaches 0.716.
  @Test
  void onTheSameRowsARetrainedModelBetterThanTheChampionPassesThoughBelowTheChampionsOldFigure() {
    var d = PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.74, "champion.version", 1.0, "champion.accuracy", 0.716), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(1, Map.of("accuracy", 0.80)));
    assertEquals(List.of(), d.violations());
    assertEquals("same held-out rows: accuracy 0.7400 against production version 1's 0.7160 (champion.accuracy, "
        + "measured by training on version 5's held-out rows); the tolerance is 0.0200", d.regression());
  }

  @Test
  void onTheSameRowsAModelWorseThanTheChampionBeyondTheToleranceIsRefused() {
    // Its own figure is higher than production's old one: only the same-rows comparison shows the regression.
    var d = PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.82, "champion.version", 4.0, "champion.accuracy", 0.86), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.80)));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION), rules(d.violations()));
    assertEquals("same held-out rows: accuracy 0.8200 is 0.0400 below production version 4's 0.8600 (champion.accuracy, "
        + "measured by training on version 5's held-out rows); the tolerance is 0.0200", d.violations().get(0).message());
    assertEquals(d.violations().get(0).message(), d.regression());

    var withinTolerance = PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.85, "champion.version", 4.0, "champion.accuracy", 0.86), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.70)));
    assertEquals(List.of(), withinTolerance.violations());
  }

  @Test
  void withoutChampionFiguresTheRuleFallsBackToProductionsOwnFigure() {
    var d = PromotionPolicy.decideProduction(POLICY, candidate(Map.of("accuracy", 0.74), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(1, Map.of("accuracy", 0.80)));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION), rules(d.violations()));
    assertEquals("recorded figures, each on its own data version (no champion figures recorded): accuracy 0.7400 is "
        + "0.0600 below production version 1 (0.8000); the tolerance is 0.0200", d.regression());

    // The champion's version is recorded but not its figure of the gate's primary metric.
    var otherMetric = PromotionPolicy.decideProduction(new PolicySettings("macroF1", null, 0.02, null, null),
        candidate(Map.of("macroF1", 0.70, "champion.version", 1.0, "champion.accuracy", 0.6), List.of()),
        new PromotionPolicy.Holder(1, Map.of("macroF1", 0.80)));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION), rules(otherMetric.violations()));
    assertTrue(otherMetric.regression().startsWith("recorded figures"), otherMetric.regression());
  }

  @Test
  void championFiguresOfAnotherVersionThanTheOneInProductionAreNotUsed() {
    // Trained while v1 was in production; v3 was promoted since. v1's figure on the same rows says nothing about v3.
    var d = PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.74, "champion.version", 1.0, "champion.accuracy", 0.70), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(3, Map.of("accuracy", 0.80)));
    assertEquals(List.of(PromotionPolicy.RULE_MAX_REGRESSION), rules(d.violations()));
    assertEquals("recorded figures, each on its own data version (its champion figures are of version 1, not of "
        + "production version 3): accuracy 0.7400 is 0.0600 below production version 3 (0.8000); the tolerance is 0.0200",
        d.violations().get(0).message());

    var passes = PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.80, "champion.version", 1.0, "champion.accuracy", 0.90), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(3, Map.of("accuracy", 0.80)));
    assertEquals(List.of(), passes.violations());
    assertTrue(passes.regression().startsWith("recorded figures"), passes.regression());
  }

  @Test
  void theRegressionOutcomeIsAbsentWhenTheRuleDoesNotApply() {
    assertEquals(null, PromotionPolicy.decideProduction(POLICY,
        candidate(Map.of("accuracy", 0.9), List.of(PASSED_IN_STAGING)), null).regression());
    var rollback = new PromotionPolicy.Candidate(2, Map.of("accuracy", 0.80, "champion.version", 4.0,
        "champion.accuracy", 0.95), List.of(PASSED_IN_STAGING), true);
    var d = PromotionPolicy.decideProduction(POLICY, rollback, new PromotionPolicy.Holder(4, Map.of("accuracy", 0.95)));
    assertEquals(List.of(), d.violations());
    assertEquals(null, d.regression());
  }

  @Test
  void championFairnessFiguresAreNotTheCandidatesGaps() {
    var v = PromotionPolicy.evaluateProduction(POLICY, candidate(Map.of("accuracy", 0.9, "champion.version", 4.0,
        "champion.accuracy", 0.9, "champion.fairness.sex.positiveRateGap", 0.5), List.of(PASSED_IN_STAGING)),
        new PromotionPolicy.Holder(4, Map.of("accuracy", 0.9)));
    assertEquals(List.of(), v);
  }
}
