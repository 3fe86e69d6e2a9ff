package dev.cd4ml.registry;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of the main operations (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class OpenApiComponentTest extends OpenApiConformance {
  @Test
  void realResponsesMatchTheirDeclaredSchemas() {
    String model = RegistryApi.uniqueModel("openapi");
    byte[] artifact = TinyModels.artifact(11);
    check("post", "/models/{name}/versions", RegistryApi.register(model, artifact, TinyModels.lineage("run-1", 0.9)), 201);
    check("post", "/models/{name}/versions", RegistryApi.register(model, artifact, TinyModels.lineage("run-1", 0.9)), 200);
    check("post", "/models/{name}/versions", RegistryApi.register(model, null, TinyModels.lineage("run-2", 0.9)), 422);
    check("get", "/models", given().get("/models"), 200);
    check("get", "/models/{name}/versions", given().get("/models/{n}/versions", model), 200);
    check("get", "/models/{name}/versions", given().queryParam("size", 0).get("/models/{n}/versions", model), 400);
    check("get", "/models/{name}/versions/{version}", given().get("/models/{n}/versions/1", model), 200);
    check("get", "/models/{name}/versions/{version}", given().get("/models/{n}/versions/9", model), 404);
    check("get", "/models/{name}/versions/{version}/artifact", given().get("/models/{n}/versions/1/artifact", model), 200);
    check("get", "/models/{name}/stages/{stage}", given().get("/models/{n}/stages/staging", model), 404);
    check("post", "/models/{name}/versions/{version}/stage", RegistryApi.stage(model, 1, "staging", null), 401);
    check("post", "/models/{name}/versions/{version}/stage", RegistryApi.stage(model, 1, "production", RegistryApi.PIPELINE), 403);
    check("post", "/models/{name}/versions/{version}/stage", RegistryApi.stage(model, 1, "staging", RegistryApi.PIPELINE), 200);
    check("get", "/models/{name}/stages/{stage}", given().get("/models/{n}/stages/staging", model), 200);
    check("post", "/models/{name}/versions/{version}/checks",
        RegistryApi.check(model, 1, "acceptance", true, RegistryApi.PIPELINE), 201);
    check("post", "/models/{name}/versions/{version}/stage", RegistryApi.stage(model, 1, "production", RegistryApi.PROMOTER), 200);
    check("get", "/models/{name}/history", given().get("/models/{n}/history", model), 200);
  }

  @Test
  void errorsTheHttpLayerAnswersAreDocumented() {
    String model = RegistryApi.uniqueModel("openapi-err");
    RegistryApi.registerNew(model, TinyModels.lineage("run-3", 0.9));
    check("post", "/models/{name}/versions/{version}/stage", given().header("Authorization", "Bearer " + RegistryApi.bearer(RegistryApi.PIPELINE))
        .contentType("text/plain").body("staging").post("/models/{n}/versions/1/stage", model), 415);
    check("post", "/models/{name}/versions/{version}/stage", given().header("Authorization", "Bearer " + RegistryApi.bearer(RegistryApi.PIPELINE))
        .contentType(ContentType.JSON).body("{\"stage\":").post("/models/{n}/versions/1/stage", model), 400);
    check("get", "/models", given().accept("application/xml").get("/models"), 406);
    // a method the path does not take: 405, as every operation of the path documents
    check("get", "/models", given().delete("/models"), 405);
    check("post", "/models/{name}/versions", given().contentType(ContentType.JSON).body(Map.of("a", 1))
        .post("/models/{n}/versions", model), 415);
  }

}
