package dev.cd4ml.serving.health;

import dev.cd4ml.serving.service.ModelManager;
import dev.cd4ml.serving.service.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a verified model is loaded: before that every prediction would be a 503. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
  private final ModelManager models;

  public ModelReadinessCheck(ModelManager models) {
    this.models = models;
  }

  @Override
  public HealthCheckResponse call() {
    ServedModel served = models.current();
    HealthCheckResponseBuilder b = HealthCheckResponse.named("model")
        .withData("model", models.config().model())
        .withData("stage", models.stage().name())
        .withData("registry", models.stageStatus());
    if (served == null) {
      return b.down().withData("error", "no model loaded yet").build();
    }
    return b.up().withData("version", served.model().version())
        .withData("loadedAt", served.model().loadedAt().toString()).build();
  }
}
