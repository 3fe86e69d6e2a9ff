package dev.cd4ml.data.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.cd4ml.fixtures.build.CodeRevision;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class ServiceEndpointsComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }


  @Test
  void readinessIsTheDatabaseAndTheOtherDependenciesHaveTheirOwnGroup() {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"))
        .body("checks.name", not(hasItem("kafka"))).body("checks.name", not(hasItem("s3")));
    // A broker that has just started may need a moment on a busy machine: wait for UP, do not assume it.
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> given().get("/q/health/group/dependencies").statusCode() == 200);
    given().get("/q/health/group/dependencies").then().statusCode(200)
        .body("checks.name", containsInAnyOrder("kafka", "s3"));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsArePrometheusText() {
    given().queryParam("label", "y").contentType("text/csv").body("a,y\n1,n\n".getBytes())
        .post("/datasets/{n}/versions", Stored.unique("metrics")).then().statusCode(201);
    given().accept("text/plain").get("/q/metrics").then().statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("# TYPE"))
        .body(containsString("cd4ml_data_uploads_total{outcome=\"created\""))
        .body(containsString("cd4ml_outbox_relayed"));
  }

  @Test
  void openApiDocumentsTheOperationsAndTheirErrors() {
    given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
        .body("info.title", equalTo("CD4ML data-service"))
        .body("paths.'/datasets/{name}/versions'.post.responses.keySet()", hasItems("200", "201", "400", "413", "422"))
        .body("paths.'/datasets/{name}/versions/{ref}'.get.responses.keySet()", hasItems("200", "400", "404"))
        .body("paths.'/datasets/{name}/versions/{ref}/content'.get.responses.keySet()", hasItems("200", "304", "404"))
        .body("paths.'/datasets/{name}/versions/generated'.post.responses.keySet()", hasItems("200", "201"))
        .body("paths.'/datasets/{name}/diff'.get.responses.keySet()", hasItems("200", "404"))
        .body("paths.'/datasets'.get.responses.keySet()", hasItems("200"));
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
