package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of the main operations (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@Order(2)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class OpenApiComponentTest extends OpenApiConformance {
  @org.junit.jupiter.api.BeforeAll
  static void actAsFeedbackWriter() {
    // Feedback needs role feedback-writer (issue 20); predictions are open and never look at the token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.FEEDBACK_WRITER));
  }

  @Test
  void realResponsesMatchTheirDeclaredSchemas() {
    Map<String, Object> row = Map.of("features", TestModels.sampleRow());
    check("get", "/model", given().get("/model"), 200);
    Response predicted = given().contentType(ContentType.JSON).body(row).post("/predictions");
    check("post", "/predictions", predicted, 200);
    check("post", "/predictions", given().contentType(ContentType.JSON).queryParam("explain", true).body(row)
        .post("/predictions"), 200);
    check("post", "/predictions", given().contentType(ContentType.JSON).body(Map.of("features", Map.of("age", "old")))
        .post("/predictions"), 400);
    check("post", "/predictions/batch", given().contentType(ContentType.JSON)
        .body(List.of(row, Map.of("features", Map.of("age", "old")))).post("/predictions/batch"), 200);
    check("post", "/predictions/batch", given().contentType("text/csv")
        .body("age,income,num_late_payments,sex,purpose,housing\n29,21000,3,female,education,rent\n")
        .post("/predictions/batch"), 200);
    check("post", "/predictions/batch", given().contentType("text/csv").body("age,colour\n1,red\n")
        .post("/predictions/batch"), 400);
    check("post", "/feedback", given().contentType(ContentType.JSON)
        .body(Map.of("requestId", predicted.path("requestId"), "actual", "yes")).post("/feedback"), 202);
    check("post", "/feedback", given().contentType(ContentType.JSON).body(Map.of("actual", "maybe")).post("/feedback"), 400);
    check("post", "/feedback", given().noFilters().contentType(ContentType.JSON).body(Map.of("actual", "maybe")).post("/feedback"), 401);
    check("post", "/feedback", given().noFilters().header("Authorization", "Bearer " + dev.cd4ml.fixtures.auth.Tokens.withoutRole())
        .contentType(ContentType.JSON).body(Map.of("actual", "maybe")).post("/feedback"), 403);
    check("post", "/bench/predictions-unlogged", given().contentType(ContentType.JSON).body(row)
        .post("/bench/predictions-unlogged"), 200);
  }

  @Test
  void errorsTheHttpLayerAnswersAreDocumented() {
    StringBuilder big = new StringBuilder("{\"features\": {\"age\": 1, \"pad\": \"");
    big.append("x".repeat(70 * 1024)).append("\"}}");
    check("post", "/predictions", given().contentType(ContentType.JSON).body(big.toString()).post("/predictions"), 413);
    check("post", "/predictions", given().contentType("text/plain").body("x").post("/predictions"), 415);
    check("post", "/predictions", given().contentType(ContentType.JSON).body("{\"features\": ").post("/predictions"), 400);
    check("get", "/model", given().accept("application/xml").get("/model"), 406);
    // a method the path does not take: 405, as every operation of the path documents
    check("get", "/model", given().delete("/model"), 405);
  }

}
