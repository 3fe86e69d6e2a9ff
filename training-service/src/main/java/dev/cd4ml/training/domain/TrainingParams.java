package dev.cd4ml.training.domain;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hyper-parameters of a run, defaults filled in, so the stored params say exactly what was used.
 *
 * @param maxDepth                 deepest level of a tree (1..64)
 * @param minChildWeight           smallest total example weight in a leaf (> 0)
 * @param fractionFeaturesPerSplit fraction of features considered at each split, (0, 1]
 * @param trees                    number of trees of a random forest (1..500); ignored by cart
 */
public record TrainingParams(int maxDepth, float minChildWeight, float fractionFeaturesPerSplit, int trees) {
  public static final int DEFAULT_MAX_DEPTH = 10;
  public static final float DEFAULT_MIN_CHILD_WEIGHT = 5f;
  public static final float DEFAULT_FRACTION_CART = 1f;
  /** A forest decorrelates its trees by looking at a random subset of features at each split. */
  public static final float DEFAULT_FRACTION_FOREST = 0.5f;
  public static final int DEFAULT_TREES = 15;
  private static final Set<String> KNOWN = Set.of("maxDepth", "minChildWeight", "fractionFeaturesPerSplit", "trees");

  /** Reads raw request params; every problem is added to {@code errors} with field {@code params.<name>}. */
  public static TrainingParams from(Algorithm algorithm, Map<String, Object> raw, List<ProblemError> errors) {
    Map<String, Object> p = raw == null ? Map.of() : raw;
    for (String key : p.keySet()) {
      if (!KNOWN.contains(key)) {
        errors.add(ProblemError.field("params." + key, "unknown parameter (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")"));
      }
    }
    boolean forest = algorithm == Algorithm.RANDOM_FOREST;
    Integer maxDepth = integer(p, "maxDepth", DEFAULT_MAX_DEPTH, 1, 64, errors);
    Double minChildWeight = number(p, "minChildWeight", DEFAULT_MIN_CHILD_WEIGHT, 0, false, 1e6, errors);
    Double fraction = number(p, "fractionFeaturesPerSplit", forest ? DEFAULT_FRACTION_FOREST : DEFAULT_FRACTION_CART, 0, false, 1, errors);
    Integer trees = integer(p, "trees", forest ? DEFAULT_TREES : 1, 1, 500, errors);
    if (!forest && p.containsKey("trees") && trees != null && trees != 1) {
      errors.add(ProblemError.field("params.trees", "cart trains a single tree; use algorithm random-forest for " + trees + " trees"));
    }
    if (forest && fraction != null && fraction >= 1.0) {
      // Tribuo's RandomForestTrainer refuses trees that see every feature at every split.
      errors.add(ProblemError.field("params.fractionFeaturesPerSplit", "must be below 1 for random-forest, was " + fraction));
      fraction = null;
    }
    if (maxDepth == null || minChildWeight == null || fraction == null || trees == null) {
      return null;
    }
    return new TrainingParams(maxDepth, minChildWeight.floatValue(), fraction.floatValue(), trees);
  }

  /** The params as stored and sent in the lineage. */
  public Map<String, Object> asMap(Algorithm algorithm) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxDepth", maxDepth);
    m.put("minChildWeight", (double) minChildWeight);
    m.put("fractionFeaturesPerSplit", (double) fractionFeaturesPerSplit);
    if (algorithm == Algorithm.RANDOM_FOREST) {
      m.put("trees", trees);
    }
    return m;
  }

  private static Integer integer(Map<String, Object> p, String name, int dflt, int min, int max, List<ProblemError> errors) {
    Object v = p.get(name);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      errors.add(ProblemError.field("params." + name, "must be an integer between " + min + " and " + max));
      return null;
    }
    long l = n.longValue();
    if (l < min || l > max) {
      errors.add(ProblemError.field("params." + name, "must be between " + min + " and " + max + ", was " + l));
      return null;
    }
    return (int) l;
  }

  private static Double number(Map<String, Object> p, String name, double dflt, double min, boolean minInclusive,
      double max, List<ProblemError> errors) {
    Object v = p.get(name);
    if (v == null) {
      return dflt;
    }
    String range = (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + "]";
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
      errors.add(ProblemError.field("params." + name, "must be a number in " + range));
      return null;
    }
    double d = n.doubleValue();
    if (d < min || (!minInclusive && d == min) || d > max) {
      errors.add(ProblemError.field("params." + name, "must be in " + range + ", was " + d));
      return null;
    }
    return d;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
