package dev.cd4ml.monitoring.client;

import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** data-service as monitoring needs it: a version with its profile (the baseline). */
@ApplicationScoped
public class DataServiceClient {
  private static final String SERVICE = "data-service";
  private final DataServiceApi api;

  public DataServiceClient(@RestClient DataServiceApi api) {
    this.api = api;
  }

  @Timeout(10000)
  @Retry(maxRetries = 2, delay = 300, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public DatasetVersionInfo version(String dataset, String ref) {
    try (Response r = RemoteProblems.answer(SERVICE, () -> api.version(dataset, ref))) {
      if (r.getStatus() != 200) {
        throw RemoteProblems.classify(SERVICE, "version " + ref + " of " + dataset, r);
      }
      return r.readEntity(DatasetVersionInfo.class);
    }
  }
}
