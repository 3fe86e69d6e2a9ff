package dev.cd4ml.contracts.dataset;

import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import java.util.Map;

/**
 * The profile of one dataset version, computed in the upload's single pass and stored with it:
 * the baseline later used for drift and fairness checks. Served as JSON (see README).
 *
 * @param columns   per column, in file order
 * @param label     distribution of the label column
 * @param protectedGroups per protected column, per group value: rows and label counts
 *
 * <p>Declared here because data-service computes it and monitoring-service judges live traffic
 * against it.
 */
public record DatasetProfile(
    long rows,
    Map<String, ColumnProfile> columns,
    CategoricalProfile label,
    Map<String, Map<String, GroupProfile>> protectedGroups) {

  /** Numeric fields are null for categorical columns and vice versa. */
  public record ColumnProfile(
      ColumnType type,
      long count,
      long missing,
      Double min,
      Double max,
      Double mean,
      Double std,
      Histogram histogram,
      Integer distinct,
      Boolean distinctCapped,
      Map<String, Long> categories,
      Long other) {}

  /** Equal-width bins: {@code edges.length == counts.length + 1}, from min to max. */
  public record Histogram(double[] edges, long[] counts) {}

  /** Top categories with counts; {@code other} = count of every value not listed. */
  public record CategoricalProfile(String column, long count, long missing, Map<String, Long> categories, long other) {}

  /** One group of a protected column (e.g. sex = female): its rows and their label counts. */
  public record GroupProfile(long rows, Map<String, Long> labels) {}
}
