package dev.cd4ml.monitoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate per group of a protected column (predicted positive rate, accuracy or true-positive rate
 * of each group) and the gap between the best and the worst group. Groups with fewer than
 * {@code minRows} rows are reported but left out of the gap: a handful of rows is noise.
 */
public final class GroupRates {
  private GroupRates() {}

  /** One group: how many rows it had and how many of them hit (were positive, right, ...). */
  public record Group(long rows, long hits) {
    public Group {
      if (rows < 0 || hits < 0 || hits > rows) {
        throw new IllegalArgumentException("0 <= hits <= rows");
      }
    }

    public double rate() {
      return rows == 0 ? Double.NaN : (double) hits / rows;
    }
  }

  /**
   * @param rates per group with enough rows
   * @param gap max - min of those rates; NaN when fewer than two groups have enough rows
   */
  public record Gap(Map<String, Double> rates, double gap, String highest, String lowest) {
    public boolean judged() {
      return !Double.isNaN(gap);
    }
  }

  public static Gap gap(Map<String, Group> groups, long minRows) {
    Map<String, Double> rates = new LinkedHashMap<>();
    String highest = null;
    String lowest = null;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      if (e.getValue().rows() < Math.max(1, minRows)) {
        continue;
      }
      double r = e.getValue().rate();
      rates.put(e.getKey(), r);
      if (highest == null || r > rates.get(highest)) {
        highest = e.getKey();
      }
      if (lowest == null || r < rates.get(lowest)) {
        lowest = e.getKey();
      }
    }
    double gap = rates.size() < 2 ? Double.NaN : rates.get(highest) - rates.get(lowest);
    return new Gap(Map.copyOf(rates), gap, rates.size() < 2 ? null : highest, rates.size() < 2 ? null : lowest);
  }
}
