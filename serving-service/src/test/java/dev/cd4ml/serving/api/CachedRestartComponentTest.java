package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A restart while the registry is down: the application starts with the registry process stopped
 * and serves the last good model that the earlier application (same JVM, same cache dir) kept.
 * Runs after the other component tests (@Order, junit.quarkus.orderer.secondary-orderer).
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
@TestProfile(CachedRestartComponentTest.RegistryDown.class)
class CachedRestartComponentTest {

  public static class RegistryDown implements QuarkusTestProfile {
    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          // no forward receiver: this application does not check logs, and a second application in the
          // same JVM must not depend on parts whose classes came from the first one's class loader
          new TestResourceEntry(RealPartsTestResource.class, Map.of("parts", "kafka", "database", "serving")),
          new TestResourceEntry(RegistryTestResource.class, Map.of("registry", "down")));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("cd4ml.serving.unseen-category", "unknown", "cd4ml.fluentd.enabled", "false");
    }
  }

  @Test
  void servesTheCachedModelWhileTheRegistryIsDown() throws Exception {
    ModelVersionInfo cached = EventJson.read(Files.readString(
        Path.of(RegistryFixture.cacheDir(), RegistryFixture.MODEL + "-staging", "version.json")), ModelVersionInfo.class);
    given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("model"));
    given().get("/model").then().statusCode(200)
        .body("version", equalTo(cached.version()))
        .body("artifactSha256", equalTo(cached.artifactSha256()))
        .body("registryStatus", startsWith("registry unreachable"));
    given().contentType(ContentType.JSON).body(Map.of("features", TestModels.sampleRow()))
        .post("/predictions").then().statusCode(200)
        .body("version", equalTo(cached.version()));
  }

  @Test
  void unseenCategoriesAreAcceptedAsUnknownWhenConfigured() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.put("purpose", "yacht");
    given().contentType(ContentType.JSON).body(Map.of("features", row))
        .post("/predictions").then().statusCode(200)
        .body("unknownCategories", equalTo(List.of("purpose")))
        .body("prediction", org.hamcrest.Matchers.oneOf("yes", "no"));
    row.put("age", "old");
    given().contentType(ContentType.JSON).body(Map.of("features", row))
        .post("/predictions").then().statusCode(400)
        .body("errors.field", equalTo(List.of("features.age")))
        .body("detail", containsString("invalid feature"));
  }
}
