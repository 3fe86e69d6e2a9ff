package dev.cd4ml.cli.canary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version's meters in serving's Prometheus text ({@code /q/metrics}): predictions per label
 * ({@code cd4ml_predictions_total}) and the latency histogram ({@code cd4ml_prediction_latency_seconds_bucket}).
 * Meters count since the instance loaded the version, so the analysis takes the difference of two
 * samples: its window. Used when monitoring-service is not configured; it has no feedback and no
 * refusals per version.
 */
public record ServingMeters(int version, Map<String, Long> predicted, TreeMap<Double, Long> latencyBuckets) {
  static final String PREDICTIONS = "cd4ml_predictions_total";
  static final String LATENCY_BUCKET = "cd4ml_prediction_latency_seconds_bucket";

  /** @param role {@code primary} or {@code canary}: a shadow of the same version has meters of its own */
  public static ServingMeters parse(String text, String model, int version, String role) {
    Map<String, Long> predicted = new LinkedHashMap<>();
    TreeMap<Double, Long> buckets = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int open = line.indexOf('{');
      int close = line.lastIndexOf('}');
      if (open < 0 || close < open) {
        continue;
      }
      String name = line.substring(0, open);
      if (!name.equals(PREDICTIONS) && !name.equals(LATENCY_BUCKET)) {
        continue;
      }
      Map<String, String> labels = labels(line.substring(open + 1, close));
      if (!model.equals(labels.get("model")) || !Integer.toString(version).equals(labels.get("version"))
          || !role.equals(labels.get("role"))) {
        continue;
      }
      long value = (long) Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
      if (name.equals(PREDICTIONS)) {
        predicted.merge(labels.getOrDefault("label", ""), value, Long::sum);
      } else {
        String le = labels.get("le");
        buckets.merge("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value, Long::sum);
      }
    }
    return new ServingMeters(version, predicted, buckets);
  }

  /** What was counted after {@code before}: the window between the two samples. */
  public ServingMeters since(ServingMeters before) {
    Map<String, Long> p = new LinkedHashMap<>();
    predicted.forEach((label, n) -> p.put(label, n - before.predicted.getOrDefault(label, 0L)));
    p.values().removeIf(n -> n <= 0);
    TreeMap<Double, Long> b = new TreeMap<>();
    latencyBuckets.forEach((le, n) -> b.put(le, n - before.latencyBuckets.getOrDefault(le, 0L)));
    return new ServingMeters(version, p, b);
  }

  public long predictions() {
    return predicted.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The upper bound of the histogram bucket holding the 99th percentile, in ms (the histogram knows
   * no more); infinite when it lies past the largest bucket; null without observations.
   */
  public Double latencyP99Ms() {
    Long count = latencyBuckets.get(Double.POSITIVE_INFINITY);
    if (count == null || count <= 0) {
      return null;
    }
    long target = (long) Math.ceil(0.99 * count);
    for (Map.Entry<Double, Long> b : latencyBuckets.entrySet()) {
      if (b.getValue() >= target) {
        return b.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  public Figures figures() {
    return new Figures(version, predictions(), null, latencyP99Ms(), predicted, 0, null);
  }

  private static Map<String, String> labels(String s) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      if (eq < 0 || eq + 1 >= s.length() || s.charAt(eq + 1) != '"') {
        break;
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < s.length() && s.charAt(j) != '"'; j++) {
        char c = s.charAt(j);
        if (c == '\\' && j + 1 < s.length()) {
          c = s.charAt(++j);
          value.append(c == 'n' ? '\n' : c);
        } else {
          value.append(c);
        }
      }
      labels.put(s.substring(i, eq).trim(), value.toString());
      i = j + 1;
      while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
        i++;
      }
    }
    return labels;
  }
}
