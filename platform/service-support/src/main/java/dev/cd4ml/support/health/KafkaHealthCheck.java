package dev.cd4ml.support.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.HealthGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the Kafka cluster answers: in the {@code dependencies} health group
 * ({@code /q/health/group/dependencies}) and the gauge {@code cd4ml_dependency_up{dependency="kafka"}},
 * never in readiness. No service needs the broker to answer its requests (events leave through the
 * outbox, or only trigger background work), so a broker outage must not take replicas out of the
 * Service.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
  /** How old the gauge's last look may be before a scrape starts a new one. */
  private static final long GAUGE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String bootstrapServers;
  private volatile Admin admin;
  private volatile boolean lastUp;
  private volatile long lastCheckedNanos = System.nanoTime() - GAUGE_REFRESH_NANOS;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  public KafkaHealthCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      MeterRegistry registry) {
    this.bootstrapServers = bootstrapServers;
    Gauge.builder("cd4ml.dependency.up", this, KafkaHealthCheck::gaugeValue).tag("dependency", "kafka")
        .description("1 when the dependency answered its last health check (refreshed at most every 10 s)")
        .register(registry);
  }

  @Override
  public HealthCheckResponse call() {
    try {
      int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes().get(3, TimeUnit.SECONDS).size();
      remember(true);
      return HealthCheckResponse.named("kafka").up()
          .withData("bootstrap", bootstrapServers).withData("nodes", nodes).build();
    } catch (Exception e) {
      remember(false);
      return HealthCheckResponse.named("kafka").down()
          .withData("bootstrap", bootstrapServers).withData("error", String.valueOf(e.getMessage())).build();
    }
  }

  private void remember(boolean up) {
    lastUp = up;
    lastCheckedNanos = System.nanoTime();
  }

  /** The last known state; a stale one starts a check in the background, so a scrape never waits on the broker. */
  private double gaugeValue() {
    if (System.nanoTime() - lastCheckedNanos >= GAUGE_REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
      CompletableFuture.runAsync(this::call).whenComplete((r, e) -> refreshing.set(false));
    }
    return lastUp ? 1 : 0;
  }

  private Admin admin() {
    Admin a = admin;
    if (a == null) {
      synchronized (this) {
        if (admin == null) {
          admin = Admin.create(Map.of(
              AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
              AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        }
        a = admin;
      }
    }
    return a;
  }

  @PreDestroy
  void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(1));
    }
  }
}
