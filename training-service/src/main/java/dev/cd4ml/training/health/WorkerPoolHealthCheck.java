package dev.cd4ml.training.health;

import dev.cd4ml.training.service.RunWorkers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the worker pool accepts runs (a full queue is load, not failure: it answers 429). */
@Readiness
@ApplicationScoped
public class WorkerPoolHealthCheck implements HealthCheck {
  private final RunWorkers workers;

  public WorkerPoolHealthCheck(RunWorkers workers) {
    this.workers = workers;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("training-workers").status(!workers.isShutdown())
        .withData("freeSlots", workers.freeSlots()).build();
  }
}
