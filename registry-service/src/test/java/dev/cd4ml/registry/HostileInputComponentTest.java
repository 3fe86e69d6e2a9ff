package dev.cd4ml.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cd4ml.fixtures.hostile.HostileCase;
import dev.cd4ml.fixtures.hostile.HostileClient;
import dev.cd4ml.fixtures.hostile.HostileInputs;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation the registry documents, attacked with generated hostile input (control characters
 * in every parameter and field, broken, huge and deeply nested bodies, wrong types and media types):
 * each answer is a 4xx problem, never a 5xx, and the registry holds exactly what it held before.
 * The cases aim at a real registered model so they reach the database, not just a 404.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class HostileInputComponentTest {

  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInputAndStoresNothing() {
    String model = RegistryApi.uniqueModel("hostile");
    RegistryApi.registerNew(model, TinyModels.lineage("run-hostile", 0.9));
    HostileClient client = new HostileClient(base).header("Authorization", "Bearer " + RegistryApi.bearer(RegistryApi.BOTH));
    HostileInputs inputs = HostileInputs.seeded().pathValue("name", model).pathValue("version", "1")
        .pathValue("stage", "staging")
        .validBody("POST /models/{name}/versions/{version}/stage", "application/json",
            "{\"stage\": \"staging\", \"reason\": \"hostile test\", \"pipelineLabel\": \"model-pipeline/1\"}")
        .validBody("POST /models/{name}/versions/{version}/checks", "application/json",
            "{\"name\": \"acceptance\", \"passed\": true, \"details\": \"ok\", \"pipelineLabel\": \"model-pipeline/1\"}");
    List<HostileCase> cases = inputs.cases(client.operations());
    assertTrue(cases.stream().map(HostileCase::operation).distinct().count() >= 8,
        "every documented operation is attacked: " + cases.stream().map(HostileCase::operation).distinct().toList());
    String before = stored(model);
    return Stream.concat(
        cases.stream().map(c -> dynamicTest(c.name(), () -> client.assertRefused(c, inputs.seed()))),
        Stream.of(dynamicTest("nothing was stored", () -> assertEquals(before, stored(model)))));
  }

  @Test
  void aNulInAPathParameterIsA400NamingTheParameter() {
    // the three requests the issue found answering 500 (PostgreSQL refuses NUL in text)
    for (String path : new String[] {"/models/%00/versions", "/models/a%00b/history", "/models/%00/stages/staging"}) {
      given().urlEncodingEnabled(false).get(path).then().statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://cd4ml.dev/problems/validation"))
          .body("errors[0].field", equalTo("name"))
          .body("errors[0].message", containsString("U+0000"));
    }
  }

  /** What a hostile request could have changed: the models, the versions, stages and checks, the audit trail. */
  private static String stored(String model) {
    return given().get("/models").then().statusCode(200).extract().asString()
        + given().get("/models/{n}/versions", model).then().statusCode(200).extract().asString()
        + given().get("/models/{n}/versions/1", model).then().statusCode(200).extract().asString()
        + given().get("/models/{n}/history", model).then().statusCode(200).extract().asString();
  }
}
