package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.HarvestOutcome;
import dev.cd4ml.monitoring.domain.HarvestPolicy;
import dev.cd4ml.monitoring.domain.HarvestTrigger;
import dev.cd4ml.monitoring.domain.RetrainingPolicy;
import dev.cd4ml.monitoring.repository.HarvestEntity;
import dev.cd4ml.monitoring.repository.HarvestQuery;
import dev.cd4ml.monitoring.repository.HarvestRepository;
import dev.cd4ml.monitoring.repository.PolicyRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Each model's retraining policy (stored through the API over the configuration) and what it
 * decides: a drift or quality alert waits until enough rows of its window are labelled (at most
 * the policy's patience), enough new labelled rows since the last harvest trigger one, and so does
 * the schedule; a failed policy-driven harvest is tried again at the next check. Every harvest
 * attempt is recorded with its outcome and reason ({@link HarvestService}).
 */
@ApplicationScoped
public class RetrainingService {
  private static final Logger LOG = Logger.getLogger(RetrainingService.class);

  private final MonitoringConfig config;
  private final PolicyRepository policies;
  private final HarvestRepository harvests;
  private final HarvestService harvester;
  private final SearchClient search;
  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();

  public RetrainingService(MonitoringConfig config, PolicyRepository policies, HarvestRepository harvests,
      HarvestService harvester, SearchClient search, ObjectMapper json) {
    this.config = config;
    this.policies = policies;
    this.harvests = harvests;
    this.harvester = harvester;
    this.search = search;
    this.json = json;
  }

  /** @param source stored (set through the API), configuration, or default (off) */
  public record Effective(RetrainingPolicy policy, String source) {}

  public Effective policyOf(String model) {
    Optional<String> stored = policies.policy(model);
    if (stored.isPresent()) {
      return new Effective(read(stored.get()), "stored");
    }
    return new Effective(config.retrainingOf(model), config.models().containsKey(model) ? "configuration" : "default");
  }

  public Effective put(String model, RetrainingPolicy policy) {
    policies.put(model, write(policy), clock.instant());
    return new Effective(policy, "stored");
  }

  /** A {@code model-monitor.*} event from {@code cd4ml.monitoring}. */
  public void onAlert(String eventId, EventType type, ModelMonitorAlert alert) {
    RetrainingPolicy policy = policyOf(alert.model()).policy();
    Optional<String> ignored = policy.ignores(type, alert);
    if (ignored.isPresent()) {
      LOG.debugf("alert %s of %s: no harvest (%s)", eventId, alert.model(), ignored.get());
      return;
    }
    String kind = type == EventType.MODEL_MONITOR_DRIFT_DETECTED ? "drift" : "quality";
    if (!policies.addAlert(eventId, alert.model(), alert.environment(), kind, alert.windowFrom(), alert.windowTo(),
        clock.instant())) {
      return; // delivered before
    }
    attemptAlert(new PolicyRepository.WaitingAlert(eventId, alert.model(), alert.environment(), kind,
        alert.windowFrom(), alert.windowTo(), clock.instant()), policy, true);
  }

  @Scheduled(every = "${cd4ml.monitoring.retraining.check-interval}", delayed = "${cd4ml.monitoring.retraining.check-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ChecksDisabled.class)
  @ActivateRequestContext
  void scheduled() {
    checkAll();
  }

  /** What the schedule does every check interval: every model with a policy that is on. */
  public List<HarvestEntity> checkAll() {
    TreeSet<String> models = new TreeSet<>(config.models().keySet());
    models.addAll(policies.modelsWithPolicy());
    List<HarvestEntity> attempted = new ArrayList<>();
    for (String model : models) {
      try {
        check(model).ifPresent(attempted::add);
      } catch (RuntimeException e) {
        LOG.warnf("retraining check of %s failed: %s", model, e.getMessage());
      }
    }
    return attempted;
  }

  /** One model's policy, now: at most one harvest attempt per check. */
  public Optional<HarvestEntity> check(String model) {
    RetrainingPolicy policy = policyOf(model).policy();
    if (!policy.enabled()) {
      return Optional.empty();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as stored: a retry asks for the same window
    Optional<HarvestEntity> last = harvests.latestPolicyDriven(model);
    if (last.isPresent() && HarvestOutcome.FAILED.json().equals(last.get().outcome)
        && harvests.failures(model, last.get().windowFrom, last.get().windowTo) < config.harvest().maxAttempts()) {
      HarvestEntity f = last.get();
      return Optional.of(harvester.harvest(new HarvestService.Request(model, f.environment, f.windowFrom, f.windowTo,
          HarvestPolicy.parse(f.policy), f.minLabelled, HarvestTrigger.parse(f.trigger), "retry after: " + f.reason)).record());
    }
    for (PolicyRepository.WaitingAlert a : policies.waiting(model)) {
      Optional<HarvestEntity> r = attemptAlert(a, policy, false);
      if (r.isPresent()) {
        return r;
      }
    }
    Instant since = policy.newRowsSince(harvests.lastHarvestedTo(model, policy.environment()).orElse(null), now);
    if (since.isBefore(now) && policy.accumulatedRows() > 0 && policy.accumulatedDue(labelled(model, policy.environment(), since, now))) {
      return Optional.of(harvest(model, policy, since, now, HarvestTrigger.ACCUMULATED, null));
    }
    if (since.isBefore(now) && policy.scheduleDue(harvests.lastScheduled(model).orElse(null), now)) {
      return Optional.of(harvest(model, policy, since, now, HarvestTrigger.SCHEDULE, "every " + policy.schedule()));
    }
    return Optional.empty();
  }

  /**
   * Harvests an alert's window once enough of it is labelled. The first attempt is recorded even
   * when it has to wait (skipped, with the count); later checks only count, until the harvest runs
   * or the patience is over (recorded as skipped, the alert given up).
   */
  private Optional<HarvestEntity> attemptAlert(PolicyRepository.WaitingAlert window, RetrainingPolicy policy,
      boolean first) {
    // A prediction is harvested by a policy at most once: the alert's window starts where the last harvest ended.
    Instant lastTo = harvests.lastHarvestedTo(window.model(), window.environment()).orElse(null);
    if (lastTo != null && !lastTo.isBefore(window.to())) {
      policies.settle(window.eventId(), "done");
      return Optional.of(harvester.skip(new HarvestService.Request(window.model(), window.environment(), window.from(),
          window.to(), policy.harvest(), policy.minLabelled(), HarvestTrigger.ALERT, null), window.kind() + " alert "
          + window.eventId() + ": its window is already harvested (up to " + lastTo + ")"));
    }
    // ... and it reaches up to now: labels for the changed world's traffic that arrives after the evaluation
    // (or while it ran) belong to the same harvest, so an alert raised while the traffic was still coming
    // does not wait for labels its window can never hold.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    PolicyRepository.WaitingAlert a = new PolicyRepository.WaitingAlert(window.eventId(), window.model(),
        window.environment(), window.kind(), lastTo != null && lastTo.isAfter(window.from()) ? lastTo : window.from(),
        now.isAfter(window.to()) ? now : window.to(), window.receivedAt());
    if (!first) {
      long labelled = labelled(a.model(), a.environment(), a.from(), a.to());
      if (!policy.enoughLabels(labelled)) {
        if (!policy.stillPatient(a.receivedAt(), clock.instant())) {
          policies.settle(a.eventId(), "expired");
          return Optional.of(harvester.skip(request(a, policy, null), a.kind() + " alert " + a.eventId()
              + ": gave up waiting for labels after " + policy.alertPatience() + " (" + labelled + " labelled, at least "
              + policy.minLabelled() + " needed)"));
        }
        return Optional.empty();
      }
    }
    HarvestService.Result r = harvester.harvest(request(a, policy, a.kind() + " alert " + a.eventId()));
    if (r.problem() == ProblemType.NOT_ENOUGH_LABELS || r.problem() == ProblemType.HARVEST_IN_PROGRESS) {
      return first ? Optional.of(r.record()) : Optional.empty(); // still waiting
    }
    policies.settle(a.eventId(), "done"); // created, unchanged, or failed (then retried as a failed harvest)
    return Optional.of(r.record());
  }

  private HarvestService.Request request(PolicyRepository.WaitingAlert a, RetrainingPolicy policy, String note) {
    return new HarvestService.Request(a.model(), a.environment(), a.from(), a.to(), policy.harvest(), policy.minLabelled(),
        HarvestTrigger.ALERT, note);
  }

  private HarvestEntity harvest(String model, RetrainingPolicy policy, Instant from, Instant to, HarvestTrigger trigger,
      String note) {
    return harvester.harvest(new HarvestService.Request(model, policy.environment(), from, to, policy.harvest(),
        policy.minLabelled(), trigger, note)).record();
  }

  private long labelled(String model, String environment, Instant from, Instant to) {
    return HarvestQuery.labelled(search.search(config.predictionsIndex(), HarvestQuery.counts(model, environment, from, to)));
  }

  String write(RetrainingPolicy p) {
    ObjectNode n = json.createObjectNode();
    n.put("enabled", p.enabled());
    n.put("environment", p.environment());
    n.put("policy", p.harvest().json());
    n.put("minLabelled", p.minLabelled());
    n.put("onAlert", p.onAlert());
    n.put("accumulatedRows", p.accumulatedRows());
    if (p.schedule() != null) {
      n.put("schedule", p.schedule().toString());
    }
    n.put("lookback", p.lookback().toString());
    n.put("alertPatience", p.alertPatience().toString());
    return n.toString();
  }

  RetrainingPolicy read(String stored) {
    try {
      JsonNode n = json.readTree(stored);
      return new RetrainingPolicy(n.path("enabled").asBoolean(), n.path("environment").asText(),
          HarvestPolicy.parse(n.path("policy").asText()), n.path("minLabelled").asLong(), n.path("onAlert").asBoolean(),
          n.path("accumulatedRows").asLong(), n.hasNonNull("schedule") ? Duration.parse(n.path("schedule").asText()) : null,
          Duration.parse(n.path("lookback").asText()), Duration.parse(n.path("alertPatience").asText()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the periodic check when it is turned off (tests run checks through the bean). */
  @jakarta.inject.Singleton
  public static class ChecksDisabled implements Scheduled.SkipPredicate {
    private final MonitoringConfig config;

    public ChecksDisabled(MonitoringConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
      return !config.retraining().checkEnabled();
    }
  }
}
