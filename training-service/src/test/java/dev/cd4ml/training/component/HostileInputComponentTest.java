package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;
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
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation training-service documents, attacked with generated hostile input (control
 * characters in every parameter and field, a valid run request broken field by field, huge and deeply
 * nested bodies, wrong types and media types): each answer is a 4xx problem, never a 5xx, and no
 * training run is created.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class HostileInputComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }


  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInputAndStoresNothing() {
    HostileClient client = new HostileClient(base).header("Authorization",
        dev.cd4ml.fixtures.auth.Tokens.bearer(dev.cd4ml.fixtures.auth.Tokens.forRole(dev.cd4ml.contracts.auth.Roles.TRAINER)));
    HostileInputs inputs = HostileInputs.seeded().pathValue("id", UUID.randomUUID().toString())
        .validBody("POST /training-runs", "application/json", """
            {"dataset": "credit", "dataVersion": "latest", "algorithm": "cart", "params": {"maxDepth": 4},
             "seed": 7, "split": {"testFraction": 0.2, "stratified": true}, "codeRevision": "abc1234",
             "register": false, "modelName": "credit", "positiveLabel": "yes", "tags": {"team": "risk"}}""");
    List<HostileCase> cases = inputs.cases(client.operations());
    assertTrue(cases.stream().map(HostileCase::operation).distinct().count() >= 6,
        "every documented operation is attacked: " + cases.stream().map(HostileCase::operation).distinct().toList());
    long before = runs();
    return Stream.concat(
        cases.stream().map(c -> dynamicTest(c.name(), () -> client.assertRefused(c, inputs.seed()))),
        Stream.of(dynamicTest("no training run was created", () -> assertEquals(before, runs()))));
  }

  private static long runs() {
    return given().queryParam("size", 1).get("/training-runs").then().statusCode(200).extract().jsonPath()
        .getLong("total");
  }
}
