package dev.cd4ml.training.service;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.support.client.RemoteRejected;
import dev.cd4ml.training.client.RegistryClient;
import dev.cd4ml.training.domain.Registration;
import dev.cd4ml.training.repository.TrainingRun;
import dev.cd4ml.training.repository.TrainingRunRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Hands a run's model and lineage to registry-service. The serialized model sits in PostgreSQL
 * until the registry confirms it, so an outage only delays registration: the scheduled retry
 * registers every pending model once the registry is back.
 */
@ApplicationScoped
public class ModelRegistration {
  private static final Logger LOG = Logger.getLogger(ModelRegistration.class);

  private final RegistryClient registry;
  private final TrainingRunRepository runs;
  private final RunTracker tracker;
  private final Json json;

  public ModelRegistration(RegistryClient registry, TrainingRunRepository runs, RunTracker tracker, Json json) {
    this.registry = registry;
    this.runs = runs;
    this.tracker = tracker;
    this.json = json;
  }

  /** One attempt; the outcome is recorded on the run. */
  public Registration attempt(UUID id) {
    Optional<TrainingRun> found = runs.find(id);
    Optional<byte[]> artifact = runs.artifact(id);
    if (found.isEmpty() || artifact.isEmpty()) {
      return Registration.none;
    }
    TrainingRun run = found.get();
    try {
      ModelVersionInfo info = registry.register(run.modelName, artifact.get(), lineage(run));
      tracker.registered(id, info.version());
      LOG.infof("training run %s registered as %s v%d", id, run.modelName, info.version());
      return Registration.registered;
    } catch (RemoteRejected e) {
      tracker.registrationFailed(id, Registration.rejected, e.getMessage());
      LOG.warnf("registry refused the model of run %s: %s", id, e.getMessage());
      return Registration.rejected;
    } catch (RuntimeException e) {
      // Unreachable, 5xx, timeout or open circuit: keep the model and retry later.
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      tracker.registrationFailed(id, Registration.pending, reason);
      LOG.infof("registration of run %s pending: %s", id, reason);
      return Registration.pending;
    }
  }

  @Scheduled(every = "{cd4ml.training.registration-retry-every}", delayed = "{cd4ml.training.registration-retry-every}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retryPending() {
    try {
      for (UUID id : runs.pendingRegistrations(20)) {
        if (attempt(id) == Registration.pending) {
          return; // the registry is still away; do not hammer it with the rest
        }
      }
    } catch (RuntimeException e) {
      // e.g. the database is briefly away: the next tick tries again, the models stay stored
      LOG.warnf("registration retry pass failed: %s", e.getMessage());
    }
  }

  ModelLineage lineage(TrainingRun run) {
    Map<String, Object> params = new LinkedHashMap<>(json.map(run.params));
    Map<String, Object> split = json.map(run.split);
    split.forEach((k, v) -> params.put("split." + k, v));
    if (run.positiveLabel != null) {
      params.put("positiveLabel", run.positiveLabel);
    }
    @SuppressWarnings("unchecked")
    List<String> protectedColumns = run.protectedColumns == null ? List.of() : json.read(run.protectedColumns, List.class);
    return new ModelLineage(run.id.toString(), run.dataset, run.dataVersion, run.codeRevision, run.algorithm, params,
        run.seed, json.doubles(run.metrics), json.read(run.signature, ModelSignature.class), protectedColumns,
        run.provenance, run.dataOrigin == null ? null : json.read(run.dataOrigin, ModelLineage.DataOrigin.class));
  }
}
