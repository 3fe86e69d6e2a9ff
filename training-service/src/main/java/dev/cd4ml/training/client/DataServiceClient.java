package dev.cd4ml.training.client;

import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * data-service as training-service uses it: bounded waits, a few retries for transient failures,
 * and a circuit breaker so a dead data-service fails runs fast instead of tying up workers.
 * Override any value with MicroProfile FT keys, e.g.
 * {@code dev.cd4ml.training.client.DataServiceClient/version/Retry/maxRetries=5}.
 */
@ApplicationScoped
public class DataServiceClient {
  private final DataServiceApi api;

  public DataServiceClient(@RestClient DataServiceApi api) {
    this.api = api;
  }

  /** @param ref sha256 id, number (3 or v3) or latest */
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 3, delay = 500, jitter = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000, skipOn = RemoteRejected.class)
  public DatasetVersionInfo version(String dataset, String ref) {
    try {
      return api.version(dataset, ref);
    } catch (RuntimeException e) {
      throw RemoteProblems.classify("data-service", e);
    }
  }

  /** The CSV body as a stream; the timeout covers the response headers, reading is the caller's. */
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 3, delay = 500, jitter = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000, skipOn = RemoteRejected.class)
  public InputStream content(String dataset, String versionId) {
    try {
      return api.content(dataset, versionId);
    } catch (RuntimeException e) {
      throw RemoteProblems.classify("data-service", e);
    }
  }
}
