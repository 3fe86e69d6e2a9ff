package dev.cd4ml.registry;

import static io.restassured.RestAssured.given;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.fixtures.auth.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The registry's HTTP API as the pipeline, training and serving call it. */
public final class RegistryApi {
  /** Role names standing for a real token of that role from the JVM's Keycloak (see {@link #bearer}). */
  public static final String PIPELINE = Roles.PIPELINE;
  public static final String PROMOTER = Roles.RELEASE_MANAGER;
  /** A token the production rules accept for staging too: the release manager's. */
  public static final String BOTH = Roles.RELEASE_MANAGER;

  private static final AtomicInteger NAMES = new AtomicInteger();

  private RegistryApi() {}

  /** A model name no other test uses (the database lives as long as the test JVM). */
  public static String uniqueModel(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  /**
   * A token: a role name (see {@link Roles}) means that role's demo user's real token, anything else is sent as it is
   * (a bad token a test wants refused).
   */
  public static String bearer(String roleOrToken) {
    return Roles.ALL.contains(roleOrToken) ? Tokens.forRole(roleOrToken) : roleOrToken;
  }

  /** training-service's own client-credentials token: the identity the registry takes metrics from. */
  public static String trainingService() {
    return Tokens.forClient(Roles.Clients.TRAINING_SERVICE);
  }

  /** As training-service registers: with its own token. */
  public static Response register(String model, byte[] artifact, ModelLineage lineage) {
    return register(model, artifact, lineage, trainingService());
  }

  public static Response register(String model, byte[] artifact, ModelLineage lineage, String token) {
    RequestSpecification spec = given();
    if (token != null && !token.isEmpty()) {
      spec = spec.header("Authorization", "Bearer " + RegistryApi.bearer(token));
    }
    if (artifact != null) {
      spec = spec.multiPart("artifact", "model.tribuo", artifact, "application/octet-stream");
    }
    if (lineage != null) {
      spec = spec.multiPart("lineage", TinyModels.json(lineage), "application/json");
    }
    return spec.post("/models/{name}/versions", model);
  }

  /** Registers a fresh real model; returns its version number. */
  public static int registerNew(String model, ModelLineage lineage) {
    return register(model, TinyModels.artifact(System.nanoTime()), lineage).then().statusCode(201)
        .extract().path("version");
  }

  public static Response stage(String model, int version, String stage, String token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stage", stage);
    body.put("reason", "test moves v" + version + " to " + stage);
    body.put("pipelineLabel", "model-pipeline/7");
    RequestSpecification spec = given().contentType(ContentType.JSON).body(body);
    if (token != null && !token.isEmpty()) {
      spec = spec.header("Authorization", "Bearer " + bearer(token));
    }
    return spec.post("/models/{name}/versions/{v}/stage", model, version);
  }

  public static Response check(String model, int version, String name, boolean passed, String token) {
    RequestSpecification spec = given().contentType(ContentType.JSON)
        .body(Map.of("name", name, "passed", passed, "details", passed ? "all cases passed" : "2 cases failed",
            "pipelineLabel", "model-pipeline/7"));
    if (token != null && !token.isEmpty()) {
      spec = spec.header("Authorization", "Bearer " + bearer(token));
    }
    return spec.post("/models/{name}/versions/{v}/checks", model, version);
  }

  /** staging + passed acceptance, the way the pipeline prepares a production candidate. */
  public static void stageAndAccept(String model, int version) {
    stage(model, version, "staging", PIPELINE).then().statusCode(200);
    check(model, version, "acceptance", true, PIPELINE).then().statusCode(201);
  }

  public static String stageOf(String model, int version) {
    return given().get("/models/{name}/versions/{v}", model, version).then().statusCode(200).extract().path("stage");
  }
}
