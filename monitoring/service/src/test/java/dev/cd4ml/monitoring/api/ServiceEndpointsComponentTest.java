package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.cd4ml.parts.RealParts;
import dev.cd4ml.fixtures.build.CodeRevision;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class ServiceEndpointsComponentTest {

  @Test
  void readinessIsPostgresqlAndTheSearchEngineAndKafkaAreDependenciesThatDoNotGateTraffic() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"))
        .body("checks.name", not(hasItem("search"))).body("checks.name", not(hasItem("kafka")));
    // The parts are up, but a Kafka admin client or a fresh cluster may take a moment to answer.
    await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/group/dependencies").statusCode() == 200);
    given().get("/q/health/group/dependencies").then().body("checks.name", hasItems("search", "kafka"));
    RealParts.kafka().stop();
    try {
      given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
      given().get("/q/health/group/dependencies").then().statusCode(503)
          .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
    } finally {
      RealParts.kafka().start();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/group/dependencies").statusCode() == 200);
  }

  /** The pipeline's deploy step checks this before acceptance or smoke tests run. */
  @Test
  void infoReportsTheCommitTheServiceWasBuiltFrom() {
    CodeRevision.assertInfoReportsHead();
  }
}
