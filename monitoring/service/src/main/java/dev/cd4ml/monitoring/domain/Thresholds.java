package dev.cd4ml.monitoring.domain;

/**
 * When a metric warns or alerts, per model; {@link #DEFAULTS} unless configured. Every judgement
 * first asks for enough rows: a window with a handful of predictions says nothing.
 *
 * @param psiWarn             PSI of a feature or of the predicted labels (0.1: a moderate shift)
 * @param psiAlert            (0.25: a major shift)
 * @param ksWarn              two-sample KS of a numeric feature
 * @param ksAlert
 * @param missingWarn         missing rate above the training's by this much
 * @param missingAlert
 * @param fairnessGapWarn     max - min of a rate across the groups of a protected column
 * @param fairnessGapAlert
 * @param accuracyTolerance   online accuracy below the held-out accuracy by more than this alerts (half of it warns)
 * @param minRows             predictions a window needs before drift and fairness are judged
 * @param minGroupRows        rows a group needs to count in a fairness gap
 * @param minLabelled         labelled predictions a window needs before quality is judged
 */
public record Thresholds(
    double psiWarn, double psiAlert,
    double ksWarn, double ksAlert,
    double missingWarn, double missingAlert,
    double fairnessGapWarn, double fairnessGapAlert,
    double accuracyTolerance,
    long minRows, long minGroupRows, long minLabelled) {

  public static final Thresholds DEFAULTS = new Thresholds(0.1, 0.25, 0.1, 0.2, 0.05, 0.1, 0.1, 0.2, 0.05, 100, 30, 100);

  public Thresholds {
    requireOrdered("psi", psiWarn, psiAlert);
    requireOrdered("ks", ksWarn, ksAlert);
    requireOrdered("missing", missingWarn, missingAlert);
    requireOrdered("fairness-gap", fairnessGapWarn, fairnessGapAlert);
    if (!(accuracyTolerance >= 0) || minRows < 1 || minGroupRows < 1 || minLabelled < 1) {
      throw new IllegalArgumentException("tolerance >= 0 and every minimum >= 1");
    }
  }

  private static void requireOrdered(String metric, double warn, double alert) {
    if (!(warn > 0 && warn <= alert)) {
      throw new IllegalArgumentException(metric + ": 0 < warn <= alert");
    }
  }

  public Verdict psi(double psi, long rows) {
    return rows < minRows ? tooFew(rows) : Verdict.atMost("psi", psi, psiWarn, psiAlert);
  }

  public Verdict ks(double ks, long rows) {
    return rows < minRows ? tooFew(rows) : Verdict.atMost("ks", ks, ksWarn, ksAlert);
  }

  /** The missing rate judged by how far it rose above the training data's. */
  public Verdict missing(double liveRate, double trainingRate, long rows) {
    return rows < minRows ? tooFew(rows)
        : Verdict.atMost("missing-rate increase", liveRate - trainingRate, missingWarn, missingAlert);
  }

  public Verdict fairness(GroupRates.Gap gap, long rows) {
    if (rows < minRows) {
      return tooFew(rows);
    }
    if (!gap.judged()) {
      return Verdict.insufficient("fewer than two groups with " + minGroupRows + " rows");
    }
    return Verdict.atMost("gap(" + gap.highest() + " - " + gap.lowest() + ")", gap.gap(), fairnessGapWarn, fairnessGapAlert);
  }

  /** Online accuracy against the version's held-out accuracy from its training run. */
  public Verdict quality(double onlineAccuracy, double heldOutAccuracy, long labelled) {
    if (labelled < minLabelled) {
      return Verdict.insufficient(labelled + " labelled predictions < " + minLabelled);
    }
    double drop = heldOutAccuracy - onlineAccuracy;
    String rule = String.format("accuracy %.4f vs held-out %.4f", onlineAccuracy, heldOutAccuracy);
    if (drop > accuracyTolerance) {
      return new Verdict(Status.ALERT, rule + ": drop > " + accuracyTolerance);
    }
    if (drop > accuracyTolerance / 2) {
      return new Verdict(Status.WARN, rule + ": drop > " + accuracyTolerance / 2);
    }
    return new Verdict(Status.OK, rule + ": drop <= " + accuracyTolerance / 2);
  }

  private Verdict tooFew(long rows) {
    return Verdict.insufficient(rows + " predictions < " + minRows);
  }
}
