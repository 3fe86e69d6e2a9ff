package dev.cd4ml.serving.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of one served model version, created once at load: the hot path increments
 * cached meters instead of looking them up by name and tags per request.
 */
final class VersionMeters {
  private final MeterRegistry registry;
  private final String model;
  private final String version;
  private final String role;
  private final Timer latency;
  private final Map<String, Counter> byLabel = new ConcurrentHashMap<>();

  VersionMeters(MeterRegistry registry, String model, int version, String role, List<String> labels) {
    this.registry = registry;
    this.model = model;
    this.version = Integer.toString(version);
    this.role = role;
    this.latency = Timer.builder("cd4ml.prediction.latency")
        .description("Time from request to prediction (validation, encoding, model), per model version")
        .tags("model", model, "version", this.version, "role", role)
        .publishPercentileHistogram()
        .register(registry);
    for (String l : labels) {
      byLabel.put(l, counter(l));
    }
  }

  void record(String label, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    Counter c = byLabel.get(label);
    if (c == null) {
      c = byLabel.computeIfAbsent(label, this::counter);
    }
    c.increment();
  }

  private Counter counter(String label) {
    return Counter.builder("cd4ml.predictions")
        .description("Predictions per model version and predicted label")
        .tags("model", model, "version", version, "role", role, "label", label)
        .register(registry);
  }
}
