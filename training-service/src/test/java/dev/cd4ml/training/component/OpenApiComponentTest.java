package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of the main operations (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class OpenApiComponentTest extends OpenApiConformance {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }

  @Test
  void realResponsesMatchTheirDeclaredSchemas() throws Exception {
    String dataset = "openapi-" + UUID.randomUUID().toString().substring(0, 8);
    Runs.generatedVersion(dataset, 300, 7);
    Response started = given().contentType(ContentType.JSON)
        .body(Map.of("dataset", dataset, "algorithm", "cart", "seed", 3, "tags", Map.of("purpose", "openapi")))
        .post("/training-runs");
    check("post", "/training-runs", started, 202);
    String id = started.path("id");
    Runs.awaitEnd(id, Duration.ofSeconds(60));
    check("get", "/training-runs/{id}", given().get("/training-runs/{id}", id), 200);
    check("get", "/training-runs", given().queryParam("dataset", dataset).get("/training-runs"), 200);
    // tags may also be a list of strings
    String second = Runs.submit(Map.of("dataset", dataset, "algorithm", "cart", "seed", 4, "tags", List.of("second")));
    Runs.awaitEnd(second, Duration.ofSeconds(60));
    check("get", "/training-runs/{id}", given().get("/training-runs/{id}", second), 200);
    check("get", "/training-runs/compare", given().queryParam("ids", id + "," + second).get("/training-runs/compare"), 200);
    check("delete", "/training-runs/{id}", given().delete("/training-runs/{id}", id), 409);
    check("get", "/training-runs/{id}", given().get("/training-runs/{id}", UUID.randomUUID()), 404);
    check("post", "/training-runs/{id}/registration",
        given().post("/training-runs/{id}/registration", UUID.randomUUID()), 404);
  }

  @Test
  void errorsTheHttpLayerAnswersAreDocumented() {
    check("post", "/training-runs", given().contentType(ContentType.JSON).body("{\"dataset\":").post("/training-runs"), 400);
    check("post", "/training-runs", given().contentType(ContentType.JSON).body(Map.of("algorithm", "cart"))
        .post("/training-runs"), 400);
    check("post", "/training-runs", given().contentType("text/plain").body("x").post("/training-runs"), 415);
    check("get", "/training-runs", given().accept("application/xml").get("/training-runs"), 406);
    // a method the path does not take: 405, as every operation of the path documents
    check("get", "/training-runs", given().put("/training-runs"), 405);
    check("get", "/training-runs", given().queryParam("sort", "nonsense:sideways").get("/training-runs"), 400);
  }

}
