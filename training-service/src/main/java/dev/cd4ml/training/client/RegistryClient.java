package dev.cd4ml.training.client;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.client.RemoteNotFound;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import dev.cd4ml.support.client.RemoteUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * registry-service as training-service uses it. An outage surfaces as {@link RemoteUnavailable}
 * (or the open circuit's exception) and the caller keeps the model for a later retry; a 4xx is
 * {@link RemoteRejected}: the registry refused this model and retrying would not change that.
 */
@ApplicationScoped
public class RegistryClient {
  private final RegistryApi api;

  public RegistryClient(@RestClient RegistryApi api) {
    this.api = api;
  }

  @Timeout(value = 60, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, skipOn = RemoteRejected.class)
  public ModelVersionInfo register(String model, byte[] artifact, ModelLineage lineage) {
    Path file = null;
    try {
      // A file part streams from disk; the file name says what it is in the registry's logs.
      file = Files.createTempFile("model-" + lineage.trainingRunId() + "-", ".tribuo");
      Files.write(file, artifact);
      return api.register(model, file.toFile(), lineage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw RemoteProblems.classify("registry-service", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** The version {@code stage} holds, or empty when none does (also for a model the registry does not know). */
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, skipOn = RemoteRejected.class)
  public Optional<ModelVersionInfo> inStage(String model, String stage) {
    try {
      return Optional.of(api.inStage(model, stage));
    } catch (RuntimeException e) {
      RemoteFailure failure = RemoteProblems.classify("registry-service", e);
      if (failure instanceof RemoteNotFound) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** A version's artifact bytes (the registry checks them against their SHA-256 as it streams them). */
  @Timeout(value = 60, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, skipOn = RemoteRejected.class)
  public byte[] artifact(String model, int version) {
    try {
      return api.artifact(model, version);
    } catch (RuntimeException e) {
      throw RemoteProblems.classify("registry-service", e);
    }
  }
}
