package dev.cd4ml.support.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the Kafka cluster answers: in the {@code dependencies} health group
 * ({@code /q/health/group/dependencies}, and so the gauge
 * {@code cd4ml_dependency_up{dependency="kafka"}} of {@link DependencyGauges}), never in readiness.
 * No service needs the broker to answer its requests (events leave through the outbox, or only
 * trigger background work), so a broker outage must not take replicas out of the Service.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
  private final String bootstrapServers;
  private volatile Admin admin;

  public KafkaHealthCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes().get(3, TimeUnit.SECONDS).size();
      return HealthCheckResponse.named("kafka").up()
          .withData("bootstrap", bootstrapServers).withData("nodes", nodes).build();
    } catch (Exception e) {
      return HealthCheckResponse.named("kafka").down()
          .withData("bootstrap", bootstrapServers).withData("error", String.valueOf(e.getMessage())).build();
    }
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
