package dev.cd4ml.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the S3 server answers and the bucket exists (created at start). */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {
  private final ObjectStore store;

  public ObjectStoreReadinessCheck(ObjectStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    return store.readiness();
  }
}
