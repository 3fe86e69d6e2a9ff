package dev.cd4ml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.awaitility.Awaitility.await;

import dev.cd4ml.contracts.consumer.ConsumerContract;
import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** registry-service honours what serving, training and the pipeline CLI declared they rely on. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3"), @ResourceArg(name = "database", value = "registry")})
class RegistryProviderContractTest {

  @TestHTTPResource("/")
  URL base;

  private final List<String> stagedModels = new ArrayList<>();

  @Test
  void everyConsumerInteractionHolds() {
    String url = base.toString().replaceAll("/$", "");
    List<String> failures = ProviderVerifier.verify("registry-service", url, this::state, this::fixture);
    assertEquals(List.of(), failures);
  }

  @Test
  void everyConsumedEventCarriesTheFieldsItsConsumersRead() {
    Map<String, String> vars = state("a model version is in staging");
    String model = vars.get("model");
    await().atMost(Duration.ofSeconds(30)).until(() -> ModelEvents.of(RealParts.kafka().bootstrapServers(), model).stream()
        .anyMatch(e -> e.type().equals("model-version.stage-changed")));
    List<EventEnvelope> events = ModelEvents.of(RealParts.kafka().bootstrapServers(), model);
    for (ConsumerContract contract : ConsumerContract.forProvider("registry-service")) {
      for (ConsumerContract.EventExpectation expected : contract.events()) {
        List<EventEnvelope> ofType = events.stream().filter(e -> e.type().equals(expected.type())).toList();
        assertFalse(ofType.isEmpty(), contract.consumer() + " consumes " + expected.type());
        ofType.forEach(e -> assertEquals(List.of(), ConsumerContract.violations(e.payload(), expected.fields()),
            contract.consumer() + " reads " + expected.type()));
      }
    }
  }

  private Map<String, String> state(String given) {
    Map<String, String> vars = new HashMap<>();
    vars.put("model", RegistryApi.uniqueModel("contract"));
    vars.put("pipelineToken", RegistryApi.PIPELINE);
    vars.put("promoterToken", RegistryApi.PROMOTER);
    switch (given) {
      case "no state" -> { }
      case "a model version is registered", "a model version is in staging" -> {
        Response registered = RegistryApi.register(vars.get("model"), TinyModels.artifact(System.nanoTime()),
            TinyModels.lineage("run-" + UUID.randomUUID(), 0.8));
        registered.then().statusCode(201);
        vars.put("version", registered.path("version").toString());
        vars.put("sha256", registered.path("artifactSha256"));
        if (given.endsWith("staging")) {
          RegistryApi.stage(vars.get("model"), Integer.parseInt(vars.get("version")), "staging", RegistryApi.PIPELINE)
              .then().statusCode(200);
          stagedModels.add(vars.get("model"));
        }
      }
      default -> throw new IllegalStateException("registry-service has no provider state '" + given + "'");
    }
    return vars;
  }

  private HttpRequest.BodyPublisher fixture(String fixture, Map<String, String> vars, HttpRequest.Builder request) throws Exception {
    if (!fixture.equals("model-registration")) {
      throw new IllegalStateException("registry-service has no fixture '" + fixture + "'");
    }
    // The multipart form training-service sends: the artifact and the lineage document.
    String boundary = "contract-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    part(out, boundary, "artifact", "model.tribuo", "application/octet-stream", TinyModels.artifact(System.nanoTime()));
    part(out, boundary, "lineage", null, "application/json",
        TinyModels.json(TinyModels.lineage("run-" + UUID.randomUUID(), 0.8)).getBytes(StandardCharsets.UTF_8));
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    request.header("Content-Type", "multipart/form-data; boundary=" + boundary);
    return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
  }

  private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, String type, byte[] content)
      throws java.io.IOException {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    out.write(content);
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
