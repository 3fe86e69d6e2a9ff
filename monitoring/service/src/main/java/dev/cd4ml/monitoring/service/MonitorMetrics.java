package dev.cd4ml.monitoring.service;

import dev.cd4ml.monitoring.domain.Report;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest evaluation of every served version as Prometheus gauges: feature drift (PSI), fairness
 * gaps, online accuracy and the labelled share. A metric without a value (too little data) is NaN,
 * which Prometheus shows as no value rather than a misleading 0.
 */
@ApplicationScoped
public class MonitorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  public MonitorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(Report r) {
    Tags version = Tags.of("model", r.model(), "environment", r.environment(), "version", Integer.toString(r.version()));
    for (Report.FeatureDrift f : r.features()) {
      set("cd4ml_feature_drift_psi", "PSI of a feature against the training data", version.and("feature", f.feature()), f.psi());
    }
    set("cd4ml_prediction_drift_psi", "PSI of the predicted labels against the training labels", version, r.prediction().psi());
    for (Report.Fairness f : r.fairness()) {
      set("cd4ml_fairness_gap", "max - min of a rate across the groups of a protected column",
          version.and("column", f.column(), "metric", f.metric()), f.gap());
    }
    set("cd4ml_online_accuracy", "accuracy on labelled predictions", version, r.quality().accuracy());
    set("cd4ml_labelled_share", "share of predictions with ground truth", version, r.counts().labelledShare());
  }

  private void set(String name, String help, Tags tags, Double value) {
    String key = name + tags;
    AtomicReference<Double> holder = values.computeIfAbsent(key, k -> {
      AtomicReference<Double> h = new AtomicReference<>(Double.NaN);
      Gauge.builder(name, h, ref -> ref.get()).description(help).tags(tags).register(registry);
      return h;
    });
    holder.set(value == null ? Double.NaN : value);
  }
}
