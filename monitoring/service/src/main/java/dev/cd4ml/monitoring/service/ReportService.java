package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.Baseline;
import dev.cd4ml.monitoring.domain.Baselines;
import dev.cd4ml.monitoring.domain.Explanations;
import dev.cd4ml.monitoring.domain.FeaturePlan;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.ReportCalculator;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.domain.WindowCounts;
import dev.cd4ml.monitoring.repository.ExplanationQuery;
import dev.cd4ml.monitoring.repository.RejectionQuery;
import dev.cd4ml.monitoring.repository.PredictionLogQuery;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reports on one served version: which version (the one its environment's stage holds unless one
 * is named), its baseline, the one aggregation request over the prediction log, the judgement.
 */
@ApplicationScoped
public class ReportService {
  private static final Logger LOG = Logger.getLogger(ReportService.class);
  /** Groups per protected column counted one by one (a protected column is a small category set). */
  static final int MAX_GROUPS = 50;

  private final MonitoringConfig config;
  private final RegistryClient registry;
  private final BaselineService baselines;
  private final SearchClient search;
  private final Clock clock;

  public ReportService(MonitoringConfig config, RegistryClient registry, BaselineService baselines, SearchClient search) {
    this.config = config;
    this.registry = registry;
    this.baselines = baselines;
    this.search = search;
    this.clock = Clock.systemUTC();
  }

  /**
   * @param version null: the version the environment's stage holds now
   * @param from    null: {@code to} minus the evaluation window
   * @param to      null: now
   */
  public Report report(String model, String environment, Integer version, Instant from, Instant to) {
    String stage = stageOf(environment);
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(config.evaluation().window()) : from;
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("the window is empty or inverted", List.of(
          ProblemError.field("from", "must be before 'to' (from " + start + ", to " + end + ")")));
    }
    ModelVersionInfo served = served(model, stage, version);
    return evaluate(new Window(model, environment, served.version(), start, end), served);
  }

  /** The report of a version over a window (the scheduled evaluation calls this too). */
  public Report evaluate(Window window, ModelVersionInfo version) {
    Baseline baseline;
    try {
      baseline = baselines.of(version);
    } catch (RemoteFailure e) {
      throw unavailable("data-service", "the training data's profile", e);
    }
    List<FeaturePlan> plan = Baselines.plan(baseline);
    JsonNode response;
    try {
      response = search.search(config.predictionsIndex(), PredictionLogQuery.body(window, plan, baseline.labels(),
          Baselines.protectedFields(baseline), MAX_GROUPS));
    } catch (RuntimeException e) {
      throw unavailable("search", "the prediction log", e);
    }
    WindowCounts counts = PredictionLogQuery.parse(response, plan, baseline.protectedColumns());
    Report report = ReportCalculator.report(window, baseline, counts, config.thresholdsOf(window.model()), clock.instant());
    List<String> features = baseline.features().stream().map(Baseline.Feature::name).toList();
    JsonNode explained;
    try {
      explained = search.search(config.explanationsIndex(), ExplanationQuery.body(window, features.size()));
    } catch (RuntimeException e) {
      throw unavailable("search", "the prediction log", e);
    }
    JsonNode rejected;
    try {
      rejected = search.search(config.rejectionsIndex(), RejectionQuery.body(window));
    } catch (RuntimeException e) {
      throw unavailable("search", "the prediction log", e);
    }
    return report.withExplanations(Explanations.of(features, ExplanationQuery.sampled(explained),
        ExplanationQuery.driverCounts(explained), version.lineage().metrics()))
        .withRejected(RejectionQuery.count(rejected));
  }

  /** The stage an environment serves; an environment monitoring does not know is not found. */
  public String stageOf(String environment) {
    String stage = config.environments().get(environment);
    if (stage == null) {
      throw ProblemException.notFound("environment '" + environment + "' (known: "
          + String.join(", ", config.environments().keySet()) + ")");
    }
    return stage;
  }

  private ModelVersionInfo served(String model, String stage, Integer version) {
    try {
      if (version != null) {
        return registry.version(model, version)
            .orElseThrow(() -> ProblemException.notFound("model '" + model + "' version " + version));
      }
      return registry.inStage(model, stage)
          .orElseThrow(() -> ProblemException.notFound("model '" + model + "' has no version in stage " + stage));
    } catch (RemoteFailure e) {
      throw unavailable("registry-service", "the lineage", e);
    }
  }

  /** A 503 naming the dependency ({@code search}, {@code registry-service}, {@code data-service}). */
  private static ProblemException unavailable(String dependency, String what, RuntimeException e) {
    LOG.warnf("%s (%s) unavailable: %s", dependency, what, e.getMessage());
    return ProblemException.unavailable(dependency, what + " cannot be read: " + e.getMessage());
  }
}
