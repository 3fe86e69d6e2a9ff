package dev.cd4ml.monitoring.domain;

import java.util.Map;

/**
 * What the search engine counted of one model version's predictions in one window: everything a
 * report is computed from. Counts by label are keyed by label, by group by the group's value.
 *
 * @param features          per feature name
 * @param predicted         predicted label → predictions
 * @param confusion         labelled predictions: actual → predicted → count
 * @param groupPredicted    protected column → group → predicted label → count
 * @param groupConfusion    protected column → group → actual → predicted → count (labelled only)
 * @param shadowCompared    predictions the shadow model also answered
 * @param shadowAgreed      of those, where it agreed with the primary
 * @param shadowConfusion   labelled predictions the shadow answered: actual → shadow's label → count
 * @param shadowPrimaryConfusion the same rows: actual → the primary's label → count
 * @param unknownCategories predictions accepted with at least one category the model never saw
 */
public record WindowCounts(
    long predictions,
    Map<String, FeatureCounts> features,
    Map<String, Long> predicted,
    Map<String, Map<String, Long>> confusion,
    Map<String, Map<String, Map<String, Long>>> groupPredicted,
    Map<String, Map<String, Map<String, Map<String, Long>>>> groupConfusion,
    long shadowCompared,
    long shadowAgreed,
    Map<String, Map<String, Long>> shadowConfusion,
    Map<String, Map<String, Long>> shadowPrimaryConfusion,
    long unknownCategories) {

  /** Key of the live values a categorical count did not list one by one. */
  public static final String REST = "\u0000rest";

  /**
   * @param missing    predictions without a value for the feature
   * @param bins       numeric: counts on the plan's {@link NumericBins}, else null
   * @param categories categorical: counts per value ({@link #REST} = all values not listed), else null
   */
  public record FeatureCounts(long missing, long[] bins, Map<String, Long> categories) {}

  public long labelled() {
    long n = 0;
    for (Map<String, Long> row : confusion.values()) {
      for (long c : row.values()) {
        n += c;
      }
    }
    return n;
  }
}
