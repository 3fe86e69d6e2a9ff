package dev.cd4ml.monitoring.domain;

/**
 * How one input feature is counted in the prediction log: its log field, and either the numeric
 * bins of its training histogram or, for a categorical feature, how many categories to ask for.
 */
public record FeaturePlan(String feature, String field, NumericBins bins, int categories) {

  public static FeaturePlan numeric(String feature, String field, NumericBins bins) {
    return new FeaturePlan(feature, field, bins, 0);
  }

  /** @param categories how many distinct live values to count one by one (the rest is summed) */
  public static FeaturePlan categorical(String feature, String field, int categories) {
    return new FeaturePlan(feature, field, null, Math.max(1, categories));
  }

  public boolean numeric() {
    return bins != null;
  }
}
