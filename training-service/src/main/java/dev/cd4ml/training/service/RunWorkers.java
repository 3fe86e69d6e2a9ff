package dev.cd4ml.training.service;

import dev.cd4ml.training.config.TrainingConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The bounded worker pool: {@code workers} runs execute, at most {@code queue-capacity} wait.
 * Slots are reserved before a run is stored, so a full pool answers 429 and stores nothing.
 */
@ApplicationScoped
public class RunWorkers {
  private final ThreadPoolExecutor executor;
  private final Semaphore slots;
  private final ConcurrentMap<UUID, ActiveRun> active = new ConcurrentHashMap<>();

  public RunWorkers(TrainingConfig config, MeterRegistry meters) {
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "training-worker-" + n.incrementAndGet());
          // Runs that die with the process are marked failed at the next start (see RunRecovery).
          t.setDaemon(true);
          return t;
        });
    this.slots = new Semaphore(config.workers() + config.queueCapacity());
    Gauge.builder("cd4ml.training.runs.active", executor, ThreadPoolExecutor::getActiveCount)
        .description("Training runs executing").register(meters);
    Gauge.builder("cd4ml.training.runs.queued", executor, e -> e.getQueue().size())
        .description("Training runs waiting for a worker").register(meters);
  }

  /** @return false when workers and queue are full */
  public boolean tryReserve() {
    return slots.tryAcquire();
  }

  public void release() {
    slots.release();
  }

  /** Starts a run in a reserved slot; the slot is freed when the job ends, however it ends. */
  public ActiveRun submit(UUID id, Consumer<ActiveRun> job) {
    ActiveRun run = new ActiveRun(id);
    active.put(id, run);
    executor.execute(() -> {
      run.thread = Thread.currentThread();
      try {
        job.accept(run);
      } finally {
        run.thread = null;
        active.remove(id);
        Thread.interrupted(); // never leak an interrupt into the next run on this thread
        slots.release();
      }
    });
    return run;
  }

  public Optional<ActiveRun> active(UUID id) {
    return Optional.ofNullable(active.get(id));
  }

  /** Flags the run; a run that is loading is also interrupted so a stalled download stops at once. */
  public boolean cancel(UUID id) {
    ActiveRun run = active.get(id);
    if (run == null) {
      return false;
    }
    run.cancelled = true;
    Thread t = run.thread;
    if (t != null && "loading".equals(run.phase)) {
      t.interrupt();
    }
    return true;
  }

  public boolean isShutdown() {
    return executor.isShutdown();
  }

  /** Runs that can still be submitted before the pool answers 429. */
  public int freeSlots() {
    return slots.availablePermits();
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
