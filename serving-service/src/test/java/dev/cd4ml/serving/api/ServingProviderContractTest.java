package dev.cd4ml.serving.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.fixtures.contract.EventContracts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** serving-service honours what the pipeline CLI (acceptance, smoke) declared it relies on. */
@QuarkusTest
@Order(2)
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class ServingProviderContractTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void everyConsumerInteractionHolds() {
    List<String> failures = ProviderVerifier.verify("serving-service", base.toString().replaceAll("/$", ""), given -> {
      if (!given.equals("a model is served")) {
        throw new IllegalStateException("serving-service has no provider state '" + given + "'");
      }
      return Map.of(); // the test resource registers and stages a model before the app starts
    }, this::fixture);
    assertEquals(List.of(), failures);
  }

  @Test
  void noConsumerReadsEventsOfServing() {
    // serving publishes no Kafka events; a consumer declaring one would be relying on nothing.
    assertEquals(List.of(), EventContracts.consumedTypes("serving-service"));
  }

  private HttpRequest.BodyPublisher fixture(String fixture, Map<String, String> vars, HttpRequest.Builder request)
      throws Exception {
    Map<String, Object> features = new LinkedHashMap<>(TestModels.sampleRow());
    switch (fixture) {
      case "valid-features" -> { }
      case "missing-feature" -> features.remove(features.keySet().iterator().next());
      default -> throw new IllegalStateException("serving-service has no fixture '" + fixture + "'");
    }
    request.header("Content-Type", "application/json");
    return HttpRequest.BodyPublishers.ofString(EventJson.MAPPER.writeValueAsString(Map.of("features", features)));
  }
}
