package dev.cd4ml.monitoring.health;

import dev.cd4ml.monitoring.client.SearchClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

/**
 * Reports come from the prediction log: without a reachable, non-red cluster there is nothing to
 * judge. In the {@code dependencies} group, not readiness: while the search engine is away the
 * page, stored reports, policies and harvests (PostgreSQL) still answer, and a new report is a fast
 * 503 naming it, which beats taking monitoring out of the Service.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class SearchHealthCheck implements HealthCheck {
  private final SearchClient search;

  public SearchHealthCheck(SearchClient search) {
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
