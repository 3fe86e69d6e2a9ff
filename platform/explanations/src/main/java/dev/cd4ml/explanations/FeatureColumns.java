package dev.cd4ml.explanations;

import dev.cd4ml.contracts.feature.FeatureNames;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces a model's features back to the input columns they were encoded from ({@link FeatureNames}):
 * {@code age} and {@code age@value} to {@code age}, the one-hot {@code housing@rent} to {@code housing}.
 * Computed once per model, so explaining a row only does map lookups.
 */
public final class FeatureColumns {
  private final List<String> columns;
  private final Map<String, String> columnOf;

  private FeatureColumns(List<String> columns, Map<String, String> columnOf) {
    this.columns = columns;
    this.columnOf = columnOf;
  }

  /**
   * @param columns      the input columns (the model signature's features), in their order
   * @param featureNames the features of the model's feature map
   */
  public static FeatureColumns of(List<String> columns, Iterable<String> featureNames) {
    Map<String, String> map = new HashMap<>();
    for (String name : featureNames) {
      String column = resolve(columns, name);
      if (column != null) {
        map.put(name, column);
      }
    }
    return new FeatureColumns(List.copyOf(columns), Map.copyOf(map));
  }

  /** The column of a feature: an exact name wins, else the longest column it is a one-hot feature of. */
  static String resolve(Collection<String> columns, String feature) {
    if (columns.contains(feature)) {
      return feature;
    }
    String best = null;
    for (String c : columns) {
      // Column names and categories may contain '@' themselves: the longest matching column is the one.
      if (FeatureNames.categoryOf(c, feature) != null && (best == null || c.length() > best.length())) {
        best = c;
      }
    }
    return best;
  }

  /** The input column of a model feature, or null for a feature of no known column. */
  public String columnOf(String feature) {
    return columnOf.get(feature);
  }

  public List<String> columns() {
    return columns;
  }
}
