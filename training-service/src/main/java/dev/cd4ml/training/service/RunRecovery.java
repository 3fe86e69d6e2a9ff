package dev.cd4ml.training.service;

import dev.cd4ml.training.domain.RunStatus;
import dev.cd4ml.training.repository.TrainingRun;
import dev.cd4ml.training.repository.TrainingRunRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * At start, no run of this service is executing, so any run the database still shows as queued or
 * in progress died with the previous process: it is marked failed, never left "running".
 */
@ApplicationScoped
public class RunRecovery {
  public static final String REASON = "service restarted during run";
  private static final Logger LOG = Logger.getLogger(RunRecovery.class);

  private final TrainingRunRepository runs;
  private final RunTracker tracker;
  private final RunWorkers workers;

  public RunRecovery(TrainingRunRepository runs, RunTracker tracker, RunWorkers workers) {
    this.runs = runs;
    this.tracker = tracker;
    this.workers = workers;
  }

  void onStart(@Observes @Priority(100) StartupEvent event) {
    recover();
  }

  /** Fails every run stored as queued or in progress that this process is not executing. */
  public int recover() {
    List<TrainingRun> orphans = runs.inStatus(List.of(RunStatus.queued.name(), RunStatus.loading.name(),
            RunStatus.training.name(), RunStatus.evaluating.name(), RunStatus.registering.name()))
        .stream().filter(r -> workers.active(r.id).isEmpty()).toList();
    for (TrainingRun run : orphans) {
      tracker.failed(run.id, run.status, REASON, null);
    }
    if (!orphans.isEmpty()) {
      LOG.warnf("marked %d interrupted training runs as failed", orphans.size());
    }
    return orphans.size();
  }
}
