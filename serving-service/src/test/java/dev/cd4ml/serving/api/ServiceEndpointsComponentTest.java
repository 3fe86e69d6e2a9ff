package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.cd4ml.parts.RealParts;
import dev.cd4ml.fixtures.build.CodeRevision;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Order(1)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class ServiceEndpointsComponentTest {

  @Test
  void readinessIsALoadedModelAndKafkaIsADependencyThatDoesNotGateTraffic() throws Exception {
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("model")).body("checks.name", not(hasItem("kafka")));
    RealParts.kafka().stop();
    try {
      // Predictions need no broker: with Kafka away this replica stays in the Service and answers.
      given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
      given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
          .post("/predictions").then().statusCode(200);
      given().get("/q/health/group/dependencies").then().statusCode(503)
          .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
      given().get("/q/health/live").then().statusCode(200);
    } finally {
      RealParts.kafka().start();
    }
  }

  @Test
  void metricsArePrometheusTextWithPredictionMeters() {
    given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .post("/predictions").then().statusCode(200);
    given().accept("text/plain").get("/q/metrics").then().statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("cd4ml_prediction_latency_seconds_bucket"))
        .body(containsString("cd4ml_predictions_total"))
        .body(containsString("cd4ml_prediction_log_dropped_total"));
  }

  @Test
  void openApiDocumentsTheOperations() {
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("info.title", equalTo("CD4ML serving-service"))
        .body("paths.keySet()", hasItems("/predictions", "/predictions/batch", "/model", "/feedback"))
        .body("paths.'/predictions'.post.responses.keySet()", hasItems("200", "400", "413", "503"));
  }

  @Test
  void swaggerUiAnswers() {
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }

  /** The pipeline's deploy step checks this before acceptance or smoke tests run. */
  @Test
  void infoReportsTheCommitTheServiceWasBuiltFrom() {
    CodeRevision.assertInfoReportsHead();
  }
}
