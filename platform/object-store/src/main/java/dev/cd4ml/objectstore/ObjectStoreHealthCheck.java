package dev.cd4ml.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

/**
 * Health of the S3 server and the bucket (created when missing), in the {@code dependencies} group
 * ({@code /q/health/group/dependencies}), not in readiness: while S3 is away a service still
 * answers what its database knows, and its S3 calls end in a fast 503 naming {@code s3}; taking
 * every replica out of the Service would turn that into connection errors for everything.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {
  private final ObjectStore store;

  public ObjectStoreHealthCheck(ObjectStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    return store.readiness();
  }
}
