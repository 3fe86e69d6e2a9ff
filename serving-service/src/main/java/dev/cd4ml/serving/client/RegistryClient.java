package dev.cd4ml.serving.client;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.serving.domain.ArtifactCache;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.client.RemoteNotFound;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The registry as serving needs it. Owns timeouts, retries and the circuit breaker, so a registry
 * outage costs serving a bounded wait, never a hung loader. A missing stage/version is an answer
 * (empty), not a failure; other answers are classified by the shared {@link RemoteProblems}: a
 * {@link RemoteRejected} is not retried, a {@code RemoteUnavailable} is.
 */
@ApplicationScoped
public class RegistryClient {
  private static final String SERVICE = "registry-service";
  private final RegistryApi api;

  public RegistryClient(@RestClient RegistryApi api) {
    this.api = api;
  }

  /** The version currently in {@code stage}, or empty when the stage holds none. */
  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Optional<ModelVersionInfo> stageVersion(String model, Stage stage) {
    try (Response r = call(() -> api.stage(model, stage.name()))) {
      return read(r, "stage " + stage + " of " + model);
    }
  }

  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Optional<ModelVersionInfo> version(String model, int version) {
    try (Response r = call(() -> api.version(model, version))) {
      return read(r, model + " v" + version);
    }
  }

  /** Streams the artifact into {@code target} and returns the hex SHA-256 of the bytes received. */
  @Timeout(60000)
  @Retry(maxRetries = 2, delay = 500, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public String downloadArtifact(String model, int version, Path target) {
    try (Response r = call(() -> api.artifact(model, version))) {
      if (r.getStatus() != 200) {
        throw status(r, "artifact of " + model + " v" + version);
      }
      try (InputStream in = r.readEntity(InputStream.class); OutputStream out = Files.newOutputStream(target)) {
        return ArtifactCache.sha256(in, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("downloading " + model + " v" + version + ": " + e.getMessage(), e);
    }
  }

  private static Response call(java.util.function.Supplier<Response> request) {
    return RemoteProblems.answer(SERVICE, request);
  }

  private static Optional<ModelVersionInfo> read(Response r, String what) {
    if (r.getStatus() != 200) {
      RemoteFailure f = status(r, what);
      if (f instanceof RemoteNotFound) {
        return Optional.empty();
      }
      throw f;
    }
    return Optional.of(r.readEntity(ModelVersionInfo.class));
  }

  private static RemoteFailure status(Response r, String what) {
    return RemoteProblems.classify(SERVICE, what, r);
  }
}
