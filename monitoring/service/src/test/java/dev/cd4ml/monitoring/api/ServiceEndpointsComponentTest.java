package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

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
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class ServiceEndpointsComponentTest {

  @Test
  void readinessChecksTheSearchEngineKafkaAndPostgres() {
    // The parts are up, but a Kafka admin client or a fresh cluster may take a moment to answer.
    await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("search", "kafka"));
  }

  /** The pipeline's deploy step checks this before acceptance or smoke tests run. */
  @Test
  void infoReportsTheCommitTheServiceWasBuiltFrom() {
    CodeRevision.assertInfoReportsHead();
  }
}
