package dev.cd4ml.training.service;

import dev.cd4ml.contracts.model.ModelLineage;

import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.TrainingRunCompleted;
import dev.cd4ml.contracts.events.TrainingRunFailed;
import dev.cd4ml.outbox.Outbox;
import dev.cd4ml.training.domain.Registration;
import dev.cd4ml.training.domain.RunStatus;
import dev.cd4ml.training.repository.TrainingRun;
import dev.cd4ml.training.repository.TrainingRunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every state change of a run, each in one transaction; terminal changes publish their event in
 * the same transaction (outbox), so the event exists if and only if the state does.
 */
@ApplicationScoped
@Transactional
public class RunTracker {
  public static final String SOURCE = "training-service";
  private static final Logger LOG = Logger.getLogger(RunTracker.class);

  private final TrainingRunRepository runs;
  private final Outbox outbox;
  private final Json json;

  public RunTracker(TrainingRunRepository runs, Outbox outbox, Json json) {
    this.runs = runs;
    this.outbox = outbox;
    this.json = json;
  }

  /** Moves a queued run to loading; false when it was cancelled while it waited. */
  public boolean start(UUID id, Map<String, Long> timings) {
    TrainingRun run = runs.update(id, r -> {
      if (RunStatus.queued.name().equals(r.status)) {
        r.status = RunStatus.loading.name();
        r.startedAt = OffsetDateTime.now();
        r.timings = json.write(timings);
      }
    });
    return RunStatus.loading.name().equals(run.status);
  }

  public void resolved(UUID id, String versionId, int number, List<String> protectedColumns,
      ModelLineage.DataOrigin origin) {
    runs.update(id, r -> {
      r.dataVersion = versionId;
      r.dataVersionNumber = number;
      r.protectedColumns = json.write(protectedColumns);
      r.dataOrigin = origin == null ? null : json.write(origin);
    });
  }

  public void phase(UUID id, RunStatus status, int percent, long rowsLoaded, Map<String, Long> timings) {
    runs.update(id, r -> {
      r.status = status.name();
      r.percent = percent;
      r.rowsLoaded = rowsLoaded;
      r.timings = json.write(timings);
    });
  }

  /**
   * Records the outcome of training. The model is kept until the registry has it; it is pending
   * registration right away when the run asked for it, else when someone asks later.
   */
  public void evaluated(UUID id, String positiveLabel, Map<String, Double> metrics, Object evaluation, Object champion,
      Object signature, String provenance, byte[] artifact, String artifactSha256, boolean registrationRequested) {
    runs.update(id, r -> {
      r.positiveLabel = positiveLabel;
      r.metrics = json.write(metrics);
      r.evaluation = json.write(evaluation);
      r.champion = json.write(champion);
      r.signature = json.write(signature);
      r.provenance = provenance;
      if (registrationRequested) {
        r.registration = Registration.pending.name();
      }
    });
    if (artifact != null) {
      runs.storeArtifact(id, artifact, artifactSha256);
    }
  }

  /** A succeeded run's model is asked for after the fact (the pipeline's register stage). */
  public void registrationRequested(UUID id) {
    runs.update(id, r -> {
      r.register = true;
      r.registration = Registration.pending.name();
    });
  }

  public void registered(UUID id, int modelVersion) {
    runs.update(id, r -> {
      r.registration = Registration.registered.name();
      r.modelVersion = modelVersion;
      r.registrationAttempts++;
      r.registrationError = null;
    });
    // The registry holds the artifact now; the local copy was only insurance.
    runs.deleteArtifact(id);
  }

  public void registrationFailed(UUID id, Registration state, String error) {
    runs.update(id, r -> {
      r.registration = state.name();
      r.registrationAttempts++;
      r.registrationError = error;
    });
  }

  public TrainingRun succeeded(UUID id, Map<String, Long> timings) {
    TrainingRun run = runs.update(id, r -> {
      r.status = RunStatus.succeeded.name();
      r.percent = 100;
      r.timings = json.write(timings);
      r.finishedAt = OffsetDateTime.now();
    });
    outbox.publish(EventType.TRAINING_RUN_COMPLETED, SOURCE, id.toString(), new TrainingRunCompleted(
        id.toString(), run.dataset, run.dataVersion, run.algorithm, run.codeRevision, json.doubles(run.metrics),
        run.modelName, run.modelVersion));
    return run;
  }

  /** Marks the run failed unless it already ended; publishes training-run.failed. */
  public void failed(UUID id, String phase, String reason, Map<String, Long> timings) {
    boolean[] changed = {false};
    TrainingRun run = runs.update(id, r -> {
      if (RunStatus.parse(r.status).terminal()) {
        return;
      }
      r.status = RunStatus.failed.name();
      r.failedPhase = phase;
      r.failureReason = reason;
      if (timings != null) {
        r.timings = json.write(timings);
      }
      r.finishedAt = OffsetDateTime.now();
      changed[0] = true;
    });
    if (changed[0]) {
      outbox.publish(EventType.TRAINING_RUN_FAILED, SOURCE, id.toString(),
          new TrainingRunFailed(id.toString(), run.dataset, run.dataVersion, phase, reason));
      LOG.infof("training run %s failed in %s: %s", id, phase, reason);
    }
  }

  /** @return true when the run was not yet terminal and is now cancelled */
  public boolean cancelled(UUID id, Map<String, Long> timings) {
    boolean[] changed = {false};
    runs.update(id, r -> {
      if (RunStatus.parse(r.status).terminal()) {
        return;
      }
      r.status = RunStatus.cancelled.name();
      if (timings != null) {
        r.timings = json.write(timings);
      }
      r.finishedAt = OffsetDateTime.now();
      changed[0] = true;
    });
    return changed[0];
  }
}
