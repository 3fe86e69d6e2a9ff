package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cd4ml.fixtures.hostile.HostileCase;
import dev.cd4ml.fixtures.hostile.HostileClient;
import dev.cd4ml.fixtures.hostile.HostileInputs;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation monitoring documents, attacked with generated hostile input (control characters
 * in every parameter, wrong types, huge values, wrong media types): each answer is a 4xx problem,
 * never a 5xx, and no evaluation is stored by a refused request. The cases aim at the served model
 * so they reach the registry and the search engine, not just a 404.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class HostileInputComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }


  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInputAndStoresNothing() {
    HostileClient client = new HostileClient(base);
    HostileInputs inputs = HostileInputs.seeded().pathValue("name", MonitoredPlatform.MODEL);
    List<HostileCase> cases = inputs.cases(client.operations());
    assertTrue(cases.stream().map(HostileCase::operation).distinct().count() >= 3,
        "every documented operation is attacked: " + cases.stream().map(HostileCase::operation).distinct().toList());
    long before = stored();
    return Stream.concat(
        cases.stream().map(c -> dynamicTest(c.name(), () -> client.assertRefused(c, inputs.seed()))),
        Stream.of(dynamicTest("nothing was stored", () -> assertEquals(before, stored()))));
  }

  private static long stored() {
    return ((Number) given().get("/monitoring/models/{m}/reports", MonitoredPlatform.MODEL).then().statusCode(200)
        .extract().path("total")).longValue();
  }
}
