package dev.cd4ml.monitoring.health;

import dev.cd4ml.monitoring.client.SearchClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Reports come from the prediction log: without a reachable, non-red cluster there is nothing to judge. */
@Readiness
@ApplicationScoped
public class SearchReadinessCheck implements HealthCheck {
  private final SearchClient search;

  public SearchReadinessCheck(SearchClient search) {
    this.search = search;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      String status = search.status();
      return HealthCheckResponse.named("search").status(!"red".equals(status) && !"unknown".equals(status))
          .withData("status", status).build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("search").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
