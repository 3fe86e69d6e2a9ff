package dev.cd4ml.contracts.model;

import java.util.Map;
import java.util.Optional;

/**
 * The champion figures of a version's lineage metrics: the model that was in production when the
 * candidate was trained, evaluated by training-service on exactly the candidate's held-out rows with
 * the same evaluator. Written by training-service, read by registry-service's promotion gate, so
 * that challenger and champion are compared on the same rows and not each on its own data version.
 *
 * <p>Keys: {@code champion.version} (the production version evaluated, a whole number) and
 * {@code champion.<metric>} for every held-out metric, e.g. {@code champion.accuracy},
 * {@code champion.macroF1}, {@code champion.fairness.sex.positiveRateGap}. Absent when no version was
 * in production or it could not be evaluated (the training run records why).
 */
public final class ChampionMetrics {
  public static final String PREFIX = "champion.";
  public static final String VERSION = PREFIX + "version";

  private ChampionMetrics() {}

  /** The champion's figure for {@code metric}: {@code accuracy} → {@code champion.accuracy}. */
  public static String key(String metric) {
    return PREFIX + metric;
  }

  /** The production version whose figures the metrics hold, if any. */
  public static Optional<Integer> version(Map<String, Double> metrics) {
    Double v = metrics == null ? null : metrics.get(VERSION);
    if (v == null || v.isNaN() || v != Math.rint(v)) {
      return Optional.empty();
    }
    return Optional.of(v.intValue());
  }

  /** True for a champion key (the candidate's own metrics never start with the prefix). */
  public static boolean isChampion(String metric) {
    return metric != null && metric.startsWith(PREFIX);
  }
}
