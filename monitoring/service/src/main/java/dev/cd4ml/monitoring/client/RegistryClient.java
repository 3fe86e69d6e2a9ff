package dev.cd4ml.monitoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.support.client.RemoteNotFound;
import dev.cd4ml.support.client.RemoteProblems;
import dev.cd4ml.support.client.RemoteRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The registry as monitoring needs it: which version a stage holds and its lineage. Bounded waits,
 * retries for a passing failure, a circuit breaker; a missing model, stage or version is an answer
 * (empty), every other failure is classified by the shared {@link RemoteProblems}.
 */
@ApplicationScoped
public class RegistryClient {
  private static final String SERVICE = "registry-service";
  private final RegistryApi api;

  public RegistryClient(@RestClient RegistryApi api) {
    this.api = api;
  }

  /** Every model with the version each stage holds (stage → version). */
  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Map<String, Map<String, Integer>> stageHolders() {
    try (Response r = RemoteProblems.answer(SERVICE, api::models)) {
      if (r.getStatus() != 200) {
        throw RemoteProblems.classify(SERVICE, "the model list", r);
      }
      Map<String, Map<String, Integer>> holders = new LinkedHashMap<>();
      for (JsonNode m : r.readEntity(JsonNode.class)) {
        Map<String, Integer> stages = new LinkedHashMap<>();
        m.path("stages").fields().forEachRemaining(e -> stages.put(e.getKey(), e.getValue().asInt()));
        holders.put(m.path("name").asText(), stages);
      }
      return holders;
    }
  }

  /** The version {@code stage} holds, or empty when the model or the stage holds none. */
  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Optional<ModelVersionInfo> inStage(String model, String stage) {
    try (Response r = RemoteProblems.answer(SERVICE, () -> api.stage(model, stage))) {
      return read(r, "stage " + stage + " of " + model);
    }
  }

  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public Optional<ModelVersionInfo> version(String model, int version) {
    try (Response r = RemoteProblems.answer(SERVICE, () -> api.version(model, version))) {
      return read(r, model + " v" + version);
    }
  }

  /** The model's audit trail of stage changes, oldest first (empty when the model is unknown). */
  @Timeout(5000)
  @Retry(maxRetries = 2, delay = 200, abortOn = RemoteRejected.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, skipOn = RemoteRejected.class)
  public List<StageChange> history(String model) {
    try (Response r = RemoteProblems.answer(SERVICE, () -> api.history(model))) {
      if (r.getStatus() == 200) {
        List<StageChange> changes = new ArrayList<>();
        for (JsonNode e : r.readEntity(JsonNode.class)) {
          changes.add(new StageChange(e.path("version").asInt(), e.path("from").asText(null), e.path("to").asText(null),
              e.path("actor").asText(null), e.path("reason").asText(null), e.path("pipelineLabel").asText(null),
              Instant.parse(e.path("at").asText())));
        }
        return changes;
      }
      var failure = RemoteProblems.classify(SERVICE, "the history of " + model, r);
      if (failure instanceof RemoteNotFound) {
        return List.of();
      }
      throw failure;
    }
  }

  /** One entry of the registry's audit trail: a version moved from one stage to another. */
  public record StageChange(int version, String from, String to, String actor, String reason, String pipelineLabel,
      Instant at) {}

  private static Optional<ModelVersionInfo> read(Response r, String what) {
    if (r.getStatus() == 200) {
      return Optional.of(r.readEntity(ModelVersionInfo.class));
    }
    var failure = RemoteProblems.classify(SERVICE, what, r);
    if (failure instanceof RemoteNotFound) {
      return Optional.empty();
    }
    throw failure;
  }
}
