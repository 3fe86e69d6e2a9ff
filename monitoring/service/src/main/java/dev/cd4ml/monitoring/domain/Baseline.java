package dev.cd4ml.monitoring.domain;

import java.util.List;
import java.util.Map;

/**
 * What a served version is judged against: the profile of its training data version (from the
 * registry's lineage and data-service) and the version's held-out metrics.
 *
 * @param features         per model feature in signature order
 * @param labels           the model's labels; training label counts in {@code labelCounts}
 * @param positiveLabel    the label counted as positive for fairness rates (null: not binary)
 * @param protectedColumns the training data's protected columns
 * @param heldOutAccuracy  the version's accuracy on its held-out split (NaN if not reported)
 */
public record Baseline(
    String dataset,
    String dataVersion,
    long rows,
    List<Feature> features,
    List<String> labels,
    Map<String, Long> labelCounts,
    String positiveLabel,
    List<String> protectedColumns,
    double heldOutAccuracy) {

  /**
   * One feature as the training data had it: numeric with its histogram, or categorical with its
   * listed categories and the count of the unlisted rest.
   *
   * @param field the prediction log field the feature is logged under
   */
  public record Feature(String name, String field, long count, long missing,
      double[] edges, long[] histogram, Map<String, Long> categories, long otherCategories) {

    public boolean numeric() {
      return edges != null;
    }

    public double missingRate() {
      long all = count + missing;
      return all == 0 ? 0 : (double) missing / all;
    }
  }
}
