package dev.cd4ml.data.api;

import static io.restassured.RestAssured.given;

import dev.cd4ml.fixtures.openapi.OpenApiConformance;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The document validators and client generators read, and whether the service keeps to it: real
 * responses of the main operations (and their errors) against the schema declared for their status.
 * Same test resources as the other component tests, so the application boots once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class OpenApiComponentTest extends OpenApiConformance {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }

  @Test
  void realResponsesMatchTheirDeclaredSchemas() {
    String name = Stored.unique("openapi");
    check("post", "/datasets/{name}/versions", given().queryParam("label", "y").queryParam("protected", "sex")
        .contentType("text/csv").body("a,sex,y\n1,f,n\n2,m,y\n,f,n\n".getBytes())
        .post("/datasets/{n}/versions", name), 201);
    check("post", "/datasets/{name}/versions", given().queryParam("label", "y")
        .contentType("text/csv").body("a,sex,y\n1,f,n\n2,m,y\n,f,n\n".getBytes())
        .post("/datasets/{n}/versions", name), 200);
    check("post", "/datasets/{name}/versions/generated", given().queryParam("rows", 50).queryParam("seed", 1)
        .post("/datasets/{n}/versions/generated", Stored.unique("openapi-gen")), 201);
    check("post", "/datasets/{name}/versions/generated", given().queryParam("rows", 50).queryParam("drift", 0.5)
        .post("/datasets/{n}/versions/generated", name), 422);
    check("get", "/datasets", given().get("/datasets"), 200);
    check("get", "/datasets/{name}", given().get("/datasets/{n}", name), 200);
    check("get", "/datasets/{name}", given().get("/datasets/{n}", Stored.unique("none")), 404);
    check("get", "/datasets/{name}/versions", given().get("/datasets/{n}/versions", name), 200);
    check("get", "/datasets/{name}/versions", given().queryParam("size", 0).get("/datasets/{n}/versions", name), 400);
    check("get", "/datasets/{name}/versions/{ref}", given().get("/datasets/{n}/versions/latest", name), 200);
    check("get", "/datasets/{name}/versions/{ref}", given().get("/datasets/{n}/versions/v9", name), 404);
    check("get", "/datasets/{name}/versions/{ref}/content",
        given().get("/datasets/{n}/versions/latest/content", name), 200);
    check("get", "/datasets/{name}/diff", given().queryParam("from", "1").queryParam("to", "latest")
        .get("/datasets/{n}/diff", name), 200);
  }

  @Test
  void errorsTheHttpLayerAnswersAreDocumented() {
    String name = Stored.unique("openapi-err");
    check("post", "/datasets/{name}/versions", given().queryParam("label", "y")
        .contentType("text/csv").body("a,y\n1\n".getBytes()).post("/datasets/{n}/versions", name), 400);
    check("post", "/datasets/{name}/versions", given().contentType("application/json").body("{}")
        .post("/datasets/{n}/versions", name), 415);
    check("post", "/datasets/{name}/versions", given().queryParam("label", "y").contentType("text/csv")
        .header("Content-Encoding", "br").body("a,y\n1,n\n".getBytes()).post("/datasets/{n}/versions", name), 415);
    check("get", "/datasets", given().accept("application/xml").get("/datasets"), 406);
    // a method the path does not take: 405, as every operation of the path documents
    check("get", "/datasets", given().delete("/datasets"), 405);
  }

}
