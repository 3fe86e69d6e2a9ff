package dev.cd4ml.support.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Every check of the {@code dependencies} health group as a gauge,
 * {@code cd4ml_dependency_up{dependency="<check name>"}} (1 up, 0 down), so an outage that does
 * not gate traffic still shows on dashboards and alerts. The checks run on one background thread
 * every 10 s (each bounded by its own timeout): a scrape reads the last result and never waits.
 */
@ApplicationScoped
public class DependencyGauges {
  private static final Logger LOG = Logger.getLogger(DependencyGauges.class);
  private static final long PERIOD_SECONDS = 10;

  private final List<HealthCheck> checks;
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  public DependencyGauges(@HealthGroup("dependencies") Instance<HealthCheck> checks, MeterRegistry registry) {
    this.checks = checks.stream().toList();
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    if (checks.isEmpty()) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dependency-gauges");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::refresh, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Runs every check once and updates its gauge. */
  void refresh() {
    for (HealthCheck check : checks) {
      try {
        HealthCheckResponse r = check.call();
        up.computeIfAbsent(r.getName(), this::gauge).set(r.getStatus() == HealthCheckResponse.Status.UP ? 1 : 0);
      } catch (RuntimeException e) {
        LOG.debugf("dependency check %s failed: %s", check.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  private AtomicInteger gauge(String dependency) {
    AtomicInteger value = new AtomicInteger();
    Gauge.builder("cd4ml.dependency.up", value, AtomicInteger::get).tag("dependency", dependency)
        .description("1 when the dependency answered its last health check (every 10 s)").register(registry);
    return value;
  }
}
