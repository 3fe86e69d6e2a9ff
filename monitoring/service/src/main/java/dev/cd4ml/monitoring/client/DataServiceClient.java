package dev.cd4ml.monitoring.client;

import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.file.Path;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** data-service as monitoring needs it: a version with its profile (the baseline), its content, a harvest posted. */
@ApplicationScoped
public class DataServiceClient {
  private static final String SERVICE = "data-service";
  private final DataServiceApi api;
  private final DataTransferApi transfer;

  public DataServiceClient(@RestClient DataServiceApi api, @RestClient DataTransferApi transfer) {
    this.api = api;
    this.transfer = transfer;
  }

  /** A version's CSV as a stream; the timeout covers the response headers, reading is the caller's. */
  @Timeout(30000)
  @Retry(maxRetries = 2, delay = 300, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public InputStream content(String dataset, String versionId) {
    try {
      return transfer.content(dataset, versionId);
    } catch (RuntimeException e) {
      throw RemoteProblems.classify(SERVICE, e);
    }
  }

  /**
   * Posts {@code csv} as a version of {@code dataset} (data-service's upload is atomic: a refused
   * or interrupted upload stores nothing, so a retry is safe; the same bytes again are the same
   * version).
   */
  @Retry(maxRetries = 1, delay = 500, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Uploaded upload(String dataset, Path csv, String parent, String source, String message) {
    try (Response r = RemoteProblems.answer(SERVICE,
        () -> transfer.upload(dataset, parent, source, message, "monitoring-service", csv.toFile()))) {
      if (r.getStatus() != 200 && r.getStatus() != 201) {
        throw RemoteProblems.classify(SERVICE, "the upload to " + dataset, r);
      }
      return new Uploaded(r.readEntity(DatasetVersionInfo.class), r.getStatus() == 201);
    }
  }

  /** @param created false: these bytes already were a version (content addressing), nothing new was announced */
  public record Uploaded(DatasetVersionInfo version, boolean created) {}

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
