package dev.cd4ml.monitoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The search engine holding the prediction log: bounded waits, a retry for a passing failure, and a
 * circuit breaker so a dead cluster answers reports with 503 at once instead of tying up threads.
 */
@ApplicationScoped
public class SearchClient {
  private final SearchApi api;

  public SearchClient(@RestClient SearchApi api) {
    this.api = api;
  }

  /** A search over an index pattern; indices that do not exist yet count as empty. */
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 1, delay = 500)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.75, delay = 10_000)
  public JsonNode search(String indices, JsonNode body) {
    return api.search(indices, true, body);
  }

  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 1, delay = 500)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.75, delay = 10_000)
  public JsonNode bulk(String ndjson) {
    return api.bulk("wait_for", ndjson);
  }

  /** Cluster status (green, yellow or red); the caller decides what is ready. */
  @Timeout(value = 3, unit = ChronoUnit.SECONDS)
  public String status() {
    return api.health().path("status").asText("unknown");
  }
}
