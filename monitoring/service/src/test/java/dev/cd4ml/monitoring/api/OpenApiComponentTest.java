package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.fixtures.openapi.OpenApiDocument;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of every operation (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class OpenApiComponentTest extends OpenApiConformance {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  @Test
  void realResponsesMatchTheirDeclaredSchemas() {
    String m = MonitoredPlatform.MODEL;
    String report = "/monitoring/models/{name}/report";
    check("get", report, given().get("/monitoring/models/{m}/report", m), 200);
    check("get", report, given().queryParam("version", MonitoredPlatform.modelVersion())
        .get("/monitoring/models/{m}/report", m), 200);
    check("get", report, given().get("/monitoring/models/{m}/report", "no-such-model"), 404);
    check("get", report, given().queryParam("environment", "moon").get("/monitoring/models/{m}/report", m), 404);
    check("get", report, given().queryParam("from", "soon").get("/monitoring/models/{m}/report", m), 400);
    check("get", report, given().queryParam("from", Instant.now().toString())
        .queryParam("to", Instant.now().minusSeconds(9).toString()).get("/monitoring/models/{m}/report", m), 400);
    check("post", "/monitoring/evaluations", given().queryParam("model", m).post("/monitoring/evaluations"), 200);
    check("get", "/monitoring/models/{name}/reports", given().get("/monitoring/models/{m}/reports", m), 200);
    check("get", "/monitoring/models/{name}/reports", given().queryParam("size", 0)
        .get("/monitoring/models/{m}/reports", m), 400);
  }

  @Test
  void harvestAndPolicyResponsesMatchTheirDeclaredSchemas() {
    String m = MonitoredPlatform.MODEL;
    String harvests = "/monitoring/models/{name}/harvests";
    check("post", harvests, given().contentType(ContentType.JSON).body(Map.of("from", "2020-01-01T00:00:00Z",
        "to", "2020-01-02T00:00:00Z", "minLabelled", 1)).post("/monitoring/models/{m}/harvests", m), 409);
    check("post", harvests, given().contentType(ContentType.JSON).body(Map.of("policy", "all"))
        .post("/monitoring/models/{m}/harvests", m), 400);
    check("post", harvests, given().contentType(ContentType.JSON).body(Map.of())
        .post("/monitoring/models/{m}/harvests", "no-such-model"), 404);
    check("get", harvests, given().get("/monitoring/models/{m}/harvests", m), 200);
    check("get", harvests, given().queryParam("outcome", "lost").get("/monitoring/models/{m}/harvests", m), 400);
    String policy = "/monitoring/models/{name}/policy";
    check("get", policy, given().get("/monitoring/models/{m}/policy", "openapi-model"), 200);
    check("put", policy, given().contentType(ContentType.JSON).body(Map.of("enabled", false, "schedule", "P1D"))
        .put("/monitoring/models/{m}/policy", "openapi-model"), 200);
    check("put", policy, given().contentType(ContentType.JSON).body(Map.of("minLabelled", 0))
        .put("/monitoring/models/{m}/policy", "openapi-model"), 400);
  }

  /** For the other component tests of this package: statuses only they reach (a created harvest, data-service down). */
  static void conform(String method, String path, Response response, int expectedStatus) {
    org.junit.jupiter.api.Assertions.assertEquals(expectedStatus, response.statusCode(),
        () -> method + " " + path + ": " + response.asString());
    if (document == null) {
      document = doc() != null ? doc() : OpenApiDocument.fetched(given().queryParam("format", "json").get("/q/openapi")
          .then().statusCode(200).extract().asString());
    }
    document.assertResponse(method, path, response.statusCode(), response.contentType(), response.asString());
  }

  private static OpenApiDocument document;

  @Test
  void errorsTheHttpLayerAnswersAreDocumented() {
    check("get", "/monitoring/models/{name}/report", given().accept("application/xml")
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL), 406);
    check("get", "/monitoring/models/{name}/reports", given().delete("/monitoring/models/{m}/reports",
        MonitoredPlatform.MODEL), 405);
  }

}
