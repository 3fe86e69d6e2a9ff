package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of every operation (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class OpenApiComponentTest extends OpenApiConformance {
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
  void errorsTheHttpLayerAnswersAreDocumented() {
    check("get", "/monitoring/models/{name}/report", given().accept("application/xml")
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL), 406);
    check("get", "/monitoring/models/{name}/reports", given().delete("/monitoring/models/{m}/reports",
        MonitoredPlatform.MODEL), 405);
  }

}
