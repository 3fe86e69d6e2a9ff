package dev.cd4ml.pacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.fixtures.http.MultipartBody;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Models in the running registry-service, made through its API by the identities that act in the platform
 * (training-service registers, the pipeline stages and checks, the release manager decides canary and
 * production): the provider states of registry-service and of the services that read the registry.
 */
final class Models {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private Models() {}

  static String newName() {
    return "pact-" + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  static MultipartBody registration() {
    return new MultipartBody()
        .file("artifact", "model.tribuo", "application/octet-stream", TinyModel.artifact(System.nanoTime()))
        .field("lineage", "application/json", EventJson.write(TinyModel.lineage("run-" + UUID.randomUUID())));
  }

  /** A new model's first version: {@code model}, {@code version}, {@code sha256}. */
  static Map<String, Object> register() {
    return register(newName());
  }

  static Map<String, Object> register(String model) {
    MultipartBody body = registration();
    JsonNode registered = Http.send(Http.post(Providers.registry().url(), "/models/" + model + "/versions",
            Tokens.forClient(Roles.Clients.TRAINING_SERVICE))
        .header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 201);
    Map<String, Object> vars = new HashMap<>();
    vars.put("model", model);
    vars.put("version", registered.get("version").asInt());
    vars.put("sha256", registered.get("artifactSha256").asText());
    return vars;
  }

  /** Staging is the pipeline's to decide, canary, production and archived the release manager's. */
  static void stage(Map<String, Object> vars, String stage, Integer trafficWeight) {
    String token = stage.equals("staging") ? Tokens.forClient(Roles.Clients.PIPELINE) : Tokens.forRole(Roles.RELEASE_MANAGER);
    Map<String, Object> body = new HashMap<>(Map.of("stage", stage, "reason", "pact state", "pipelineLabel", "pact/1"));
    if (trafficWeight != null) {
      body.put("trafficWeight", trafficWeight);
    }
    Http.send(Http.postJson(Providers.registry().url(), "/models/" + vars.get("model") + "/versions/" + vars.get("version")
        + "/stage", token, body), 200);
  }

  static void accepted(Map<String, Object> vars) {
    Http.send(Http.postJson(Providers.registry().url(), "/models/" + vars.get("model") + "/versions/" + vars.get("version")
        + "/checks", Tokens.forClient(Roles.Clients.PIPELINE), Map.of("name", "acceptance", "passed", true, "details",
            "pact state", "pipelineLabel", "pact/1")), 201);
  }

  /** Registered, in staging, accepted and in production. */
  static Map<String, Object> inProduction(String model) {
    Map<String, Object> vars = register(model);
    stage(vars, "staging", null);
    accepted(vars);
    stage(vars, "production", null);
    return vars;
  }

  /** A second version in staging (accepted) beside the first in production: {@code version}, {@code primary}. */
  static Map<String, Object> stagedBesideProduction() {
    String model = newName();
    Map<String, Object> primary = inProduction(model);
    Map<String, Object> vars = register(model);
    stage(vars, "staging", null);
    accepted(vars);
    vars.put("primary", primary.get("version"));
    return vars;
  }

  /** The second version as the canary (10 %) beside the first in production. */
  static Map<String, Object> canaryBesideProduction() {
    Map<String, Object> vars = stagedBesideProduction();
    stage(vars, "canary", 10);
    return vars;
  }
}
