package dev.cd4ml.data.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * data-service honours what the pipeline CLI declared by hand it relies on (every other consumer of
 * data-service, and its events, are Pacts verified in platform/pact-verification).
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class DataProviderContractTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }


  @TestHTTPResource("/")
  URL base;

  @Test
  void everyConsumerInteractionHolds() {
    List<String> failures = ProviderVerifier.verify("data-service", base.toString().replaceAll("/$", ""), this::state,
        (fixture, vars, request) -> {
          throw new IllegalStateException("data-service has no fixture '" + fixture + "'");
        });
    assertEquals(List.of(), failures);
  }

  private Map<String, String> state(String given) {
    Map<String, String> vars = new HashMap<>();
    vars.put("dataset", "contract-" + UUID.randomUUID().toString().substring(0, 8));
    vars.put("pipelineToken", dev.cd4ml.fixtures.auth.Tokens.forClient(dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE));
    switch (given) {
      case "no state" -> { }
      case "a dataset version exists" -> {
        var created = RestAssured.given().post("/datasets/{d}/versions/generated?rows=300&seed=5&drift=0", vars.get("dataset"))
            .then().statusCode(201).extract();
        vars.put("id", created.path("id"));
        vars.put("ref", created.path("id"));
      }
      default -> throw new IllegalStateException("data-service has no provider state '" + given + "'");
    }
    return vars;
  }
}
