package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetProfile.ColumnProfile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per-column profile deltas between two versions ({@code to - from}): for numeric columns the
 * change of mean, standard deviation, min, max and missing rate; for categorical columns the
 * change of each category's share of the non-missing values (categories in either top list).
 */
public final class ProfileDiff {
  public record ColumnDelta(
      ColumnType type,
      Double missingRateDelta,
      Double meanDelta,
      Double stdDelta,
      Double minDelta,
      Double maxDelta,
      Map<String, Double> shareDelta) {}

  private ProfileDiff() {}

  /** Columns present in both profiles with the same type; the schema diff reports the rest. */
  public static Map<String, ColumnDelta> between(DatasetProfile from, DatasetProfile to) {
    Map<String, ColumnDelta> out = new LinkedHashMap<>();
    for (Map.Entry<String, ColumnProfile> e : to.columns().entrySet()) {
      ColumnProfile a = from.columns().get(e.getKey());
      ColumnProfile b = e.getValue();
      if (a == null || a.type() != b.type()) {
        continue;
      }
      double missingDelta = rate(b.missing(), to.rows()) - rate(a.missing(), from.rows());
      if (b.type() == ColumnType.numeric) {
        out.put(e.getKey(), new ColumnDelta(b.type(), missingDelta, delta(a.mean(), b.mean()), delta(a.std(), b.std()),
            delta(a.min(), b.min()), delta(a.max(), b.max()), null));
      } else {
        Set<String> cats = new LinkedHashSet<>();
        cats.addAll(a.categories().keySet());
        cats.addAll(b.categories().keySet());
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String c : cats) {
          double sa = rate(a.categories().getOrDefault(c, 0L), a.count());
          double sb = rate(b.categories().getOrDefault(c, 0L), b.count());
          shares.put(c, sb - sa);
        }
        out.put(e.getKey(), new ColumnDelta(b.type(), missingDelta, null, null, null, null, shares));
      }
    }
    return out;
  }

  private static double rate(long n, long total) {
    return total == 0 ? 0.0 : (double) n / total;
  }

  private static Double delta(Double a, Double b) {
    return a == null || b == null ? null : b - a;
  }
}
