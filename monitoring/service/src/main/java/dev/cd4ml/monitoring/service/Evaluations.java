package dev.cd4ml.monitoring.service;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The scheduled evaluation: labels the predictions that got feedback, then judges every version an
 * environment's stage holds over the last window, stores the report (announcing what turned to
 * alert), updates the gauges and writes the report to the search engine for Kibana.
 */
@ApplicationScoped
public class Evaluations {
  private static final Logger LOG = Logger.getLogger(Evaluations.class);

  private final MonitoringConfig config;
  private final RegistryClient registry;
  private final ReportService reports;
  private final ReportStore store;
  private final MonitorMetrics metrics;
  private final ReportIndexer indexer;
  private final LabelJoiner labels;
  private final Clock clock = Clock.systemUTC();

  public Evaluations(MonitoringConfig config, RegistryClient registry, ReportService reports, ReportStore store,
      MonitorMetrics metrics, ReportIndexer indexer, LabelJoiner labels) {
    this.config = config;
    this.registry = registry;
    this.reports = reports;
    this.store = store;
    this.metrics = metrics;
    this.indexer = indexer;
    this.labels = labels;
  }

  @Scheduled(every = "${cd4ml.monitoring.evaluation.interval}", delayed = "${cd4ml.monitoring.evaluation.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
  void scheduled() {
    try {
      evaluateAll(null);
    } catch (RuntimeException e) {
      LOG.warnf("scheduled evaluation failed: %s", e.getMessage());
    }
  }

  /** Evaluates every served version (of one model when {@code model} is set) now. */
  public synchronized List<ReportStore.Stored> evaluateAll(String model) {
    try {
      labels.join();
    } catch (RuntimeException e) {
      throw ProblemException.unavailable("search", "the prediction log cannot be read: " + e.getMessage());
    }
    Map<String, Map<String, Integer>> holders;
    try {
      holders = registry.stageHolders();
    } catch (RemoteFailure e) {
      throw ProblemException.unavailable("registry-service", e.getMessage());
    }
    Instant to = clock.instant();
    Instant from = to.minus(config.evaluation().window());
    List<ReportStore.Stored> stored = new ArrayList<>();
    for (Map.Entry<String, String> env : config.environments().entrySet()) {
      for (Map.Entry<String, Map<String, Integer>> m : holders.entrySet()) {
        Integer version = m.getValue().get(env.getValue());
        if (version == null || (model != null && !model.equals(m.getKey()))) {
          continue;
        }
        stored.add(evaluate(new Window(m.getKey(), env.getKey(), version, from, to)));
      }
    }
    return stored;
  }

  private ReportStore.Stored evaluate(Window w) {
    ModelVersionInfo version;
    try {
      version = registry.version(w.model(), w.version())
          .orElseThrow(() -> ProblemException.notFound("model '" + w.model() + "' version " + w.version()));
    } catch (RemoteFailure e) {
      throw ProblemException.unavailable("registry-service", e.getMessage());
    }
    Report r = reports.evaluate(w, version);
    ReportStore.Stored s = store.store(r);
    metrics.record(r);
    try {
      indexer.index(s.id(), r);
    } catch (RuntimeException e) {
      // The report is stored and its events are out; Kibana's copy follows with the next one.
      LOG.warnf("report %s not written to the search engine: %s", s.id(), e.getMessage());
    }
    return s;
  }

  /** Skips the schedule when evaluation is turned off (tests trigger it through the API). */
  @jakarta.inject.Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    private final MonitoringConfig config;

    public Disabled(MonitoringConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
      return !config.evaluation().enabled();
    }
  }
}
