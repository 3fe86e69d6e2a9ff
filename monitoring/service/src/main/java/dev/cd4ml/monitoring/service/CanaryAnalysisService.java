package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis.VersionCounts;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.repository.CanaryQuery;
import dev.cd4ml.monitoring.repository.RejectionQuery;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The canary beside the primary over one window: which two versions (the registry's canary and the
 * version the environment's stage holds, unless named), one aggregation request over the prediction
 * log and a hit count of each one's refused requests.
 */
@ApplicationScoped
public class CanaryAnalysisService {
  static final String CANARY_STAGE = "canary";

  private final MonitoringConfig config;
  private final RegistryClient registry;
  private final ReportService reports;
  private final SearchClient search;
  private final Clock clock = Clock.systemUTC();

  public CanaryAnalysisService(MonitoringConfig config, RegistryClient registry, ReportService reports, SearchClient search) {
    this.config = config;
    this.registry = registry;
    this.reports = reports;
    this.search = search;
  }

  public CanaryAnalysis analyse(String model, String environment, Integer canaryVersion, Integer primaryVersion,
      Instant from, Instant to) {
    String stage = reports.stageOf(environment);
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(config.evaluation().window()) : from;
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("the window is empty or inverted", List.of(
          ProblemError.field("from", "must be before 'to' (from " + start + ", to " + end + ")")));
    }
    int primary = version(model, stage, primaryVersion);
    int canary = version(model, CANARY_STAGE, canaryVersion);
    if (primary == canary) {
      throw ProblemException.badRequest("canaryVersion", "the canary (v" + canary + ") is the primary version itself");
    }
    JsonNode response;
    long primaryRejected;
    long canaryRejected;
    try {
      response = search.search(config.predictionsIndex(), CanaryQuery.body(model, environment, primary, canary, start, end));
      primaryRejected = RejectionQuery.count(search.search(config.rejectionsIndex(),
          RejectionQuery.body(new Window(model, environment, primary, start, end))));
      canaryRejected = RejectionQuery.count(search.search(config.rejectionsIndex(),
          RejectionQuery.body(new Window(model, environment, canary, start, end))));
    } catch (RuntimeException e) {
      throw ProblemException.unavailable("the prediction log (search engine) is unavailable: " + e.getMessage());
    }
    Map<Integer, VersionCounts> counts = CanaryQuery.parse(response, primary, canary, primaryRejected, canaryRejected);
    return CanaryAnalysis.of(model, environment, start, end, counts.get(primary), counts.get(canary));
  }

  private int version(String model, String stage, Integer named) {
    try {
      if (named != null) {
        return registry.version(model, named).map(ModelVersionInfo::version)
            .orElseThrow(() -> ProblemException.notFound("model '" + model + "' version " + named));
      }
      return registry.inStage(model, stage).map(ModelVersionInfo::version)
          .orElseThrow(() -> ProblemException.notFound("model '" + model + "' has no version in stage " + stage));
    } catch (RemoteFailure e) {
      throw ProblemException.unavailable("registry-service is unavailable: " + e.getMessage());
    }
  }
}
