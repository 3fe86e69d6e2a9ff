package dev.cd4ml.registry;

import static io.restassured.RestAssured.given;

import dev.cd4ml.contracts.model.ModelLineage;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The registry's HTTP API as the pipeline, training and serving call it. */
public final class RegistryApi {
  public static final String PIPELINE = "test-pipeline";
  public static final String PROMOTER = "test-promoter";
  public static final String BOTH = "test-both";

  private static final AtomicInteger NAMES = new AtomicInteger();

  private RegistryApi() {}

  /** A model name no other test uses (the database lives as long as the test JVM). */
  public static String uniqueModel(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  public static Response register(String model, byte[] artifact, ModelLineage lineage) {
    RequestSpecification spec = given();
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
    if (token != null) {
      spec = spec.header("Authorization", "Bearer " + token);
    }
    return spec.post("/models/{name}/versions/{v}/stage", model, version);
  }

  public static Response check(String model, int version, String name, boolean passed, String token) {
    RequestSpecification spec = given().contentType(ContentType.JSON)
        .body(Map.of("name", name, "passed", passed, "details", passed ? "all cases passed" : "2 cases failed",
            "pipelineLabel", "model-pipeline/7"));
    if (token != null) {
      spec = spec.header("Authorization", "Bearer " + token);
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
