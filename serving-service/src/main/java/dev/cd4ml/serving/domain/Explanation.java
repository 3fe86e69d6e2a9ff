package dev.cd4ml.serving.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Why the model predicted what it did.
 *
 * @param method   {@code decision-path} (single tree), {@code lime} (ensemble) or {@code unavailable}
 * @param path     the tests along the branch the row took, root first (decision-path)
 * @param weights  LIME's local linear weights for the predicted label, largest magnitude first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(String method, List<Step> path, String leaf, List<Weight> weights, String note) {

  /**
   * One split along the path.
   *
   * @param feature   the request feature tested
   * @param condition the test as it held for this row, e.g. {@code age > 37.5} or {@code sex != female}
   * @param value     the row's value of the feature (null when not known)
   * @param split     Tribuo's raw split: feature and threshold
   */
  public record Step(String feature, String condition, Object value, String split) {}

  /** A LIME weight: feature (or {@code feature=category}) and its signed contribution. */
  public record Weight(String feature, double weight) {}

  public static Explanation unavailable(String note) {
    return new Explanation("unavailable", null, null, null, note);
  }
}
