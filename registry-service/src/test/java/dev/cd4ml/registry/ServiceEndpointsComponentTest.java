package dev.cd4ml.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.cd4ml.fixtures.build.CodeRevision;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class ServiceEndpointsComponentTest {

  @Test
  void readinessIsTheDatabaseAndTheOtherDependenciesHaveTheirOwnGroup() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("Database connections health check"))
        .body("checks.name", not(hasItem("kafka"))).body("checks.name", not(hasItem("s3")));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .until(() -> given().get("/q/health/group/dependencies").statusCode() == 200);
    given().get("/q/health/group/dependencies").then().statusCode(200)
        .body("checks.name", hasItems("kafka", "s3"))
        .body("checks.find { it.name == 's3' }.data.bucket", equalTo("cd4ml-registry"));
  }

  @Test
  void metricsArePrometheusText() {
    given().accept("text/plain").get("/q/metrics").then().statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("# TYPE"))
        .body(containsString("cd4ml_outbox_pending"))
        .body(containsString("cd4ml_registry_artifact_integrity_failures_total"));
  }

  @Test
  void openApiDocumentsTheOperationsAndTheirErrors() {
    given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
        .body("info.title", equalTo("CD4ML registry-service"))
        .body("paths.keySet()", hasItems("/models", "/models/{name}/versions", "/models/{name}/versions/{version}",
            "/models/{name}/versions/{version}/artifact", "/models/{name}/stages/{stage}",
            "/models/{name}/versions/{version}/stage", "/models/{name}/versions/{version}/checks", "/models/{name}/history"))
        .body("paths.'/models/{name}/versions/{version}/stage'.post.responses.keySet()", hasItems("200", "400", "401", "403", "404", "409"))
        .body("paths.'/models/{name}/versions'.post.responses.keySet()", hasItems("201", "400", "422", "503"))
        .body("paths.'/models/{name}/versions/{version}/stage'.post.responses.'409'.content.'application/problem+json'.schema.'$ref'",
            containsString("Problem"))
        .body("components.securitySchemes.oidc.type", equalTo("openIdConnect"))
        .body("paths.'/models/{name}/versions/{version}/stage'.post.security[0].keySet()", hasItems("oidc"))
        .body("paths.'/models/{name}/versions'.post.security[0].keySet()", hasItems("oidc"))
        .body("paths.'/models/{name}/versions/{version}/checks'.post.responses.'401'.content.'application/problem+json'.schema.'$ref'",
            containsString("Problem"));
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
