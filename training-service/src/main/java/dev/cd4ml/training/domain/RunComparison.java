package dev.cd4ml.training.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Puts several runs' params and metrics side by side and marks the rows whose values differ. */
public final class RunComparison {
  private RunComparison() {}

  /** One compared quantity: its value per run (in run order; null = absent) and whether they differ. */
  public record Row(String name, List<Object> values, boolean differs) {}

  public static List<Row> compare(List<Map<String, ?>> perRun) {
    TreeSet<String> names = new TreeSet<>();
    perRun.forEach(m -> names.addAll(m.keySet()));
    List<Row> rows = new ArrayList<>();
    for (String name : names) {
      List<Object> values = new ArrayList<>();
      for (Map<String, ?> m : perRun) {
        values.add(m.get(name));
      }
      boolean differs = values.stream().map(RunComparison::normalize).distinct().count() > 1;
      rows.add(new Row(name, values, differs));
    }
    return rows;
  }

  /** 5 and 5.0 are the same parameter value. */
  private static Object normalize(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    return Objects.toString(v, null);
  }

  public static Map<String, Object> flatten(String prefix, Map<String, ?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> out.put(prefix + k, v));
    }
    return out;
  }
}
