package dev.cd4ml.contracts.feature;

/**
 * How a model's features are named (Tribuo's columnar naming, which training writes into every
 * model and serving looks up): a numeric column is one feature named after the column; a
 * categorical column is one-hot, one feature {@code column@value} per category, set to 1.0.
 */
public final class FeatureNames {
  public static final char SEPARATOR = '@';

  private FeatureNames() {}

  /** The one-hot feature of {@code value} in categorical {@code column}. */
  public static String oneHot(String column, String value) {
    return column + SEPARATOR + value;
  }

  /**
   * The category a feature name stands for in {@code column}, or null when it is not one of that
   * column's one-hot features. Needs the column: column names and values may themselves contain '@'.
   */
  public static String categoryOf(String column, String featureName) {
    return featureName.length() > column.length() && featureName.startsWith(column)
        && featureName.charAt(column.length()) == SEPARATOR ? featureName.substring(column.length() + 1) : null;
  }
}
