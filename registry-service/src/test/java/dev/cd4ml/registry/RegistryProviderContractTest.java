package dev.cd4ml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.fixtures.http.MultipartBody;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * registry-service honours what the pipeline CLI declared by hand it relies on (serving, training,
 * monitoring and the stage-changed event are Pacts verified in platform/pact-verification).
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "registry")})
class RegistryProviderContractTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void everyConsumerInteractionHolds() {
    String url = base.toString().replaceAll("/$", "");
    List<String> failures = ProviderVerifier.verify("registry-service", url, this::state, this::fixture);
    assertEquals(List.of(), failures);
  }

  private Map<String, String> state(String given) {
    Map<String, String> vars = new HashMap<>();
    vars.put("model", RegistryApi.uniqueModel("contract"));
    // the pipeline CLI's and training-service's own tokens (client credentials), as they call
    vars.put("pipelineToken", dev.cd4ml.fixtures.auth.Tokens.forClient(dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE));
    vars.put("trainingServiceToken", RegistryApi.trainingService());
    vars.put("promoterToken", RegistryApi.bearer(RegistryApi.PROMOTER));
    switch (given) {
      case "no state" -> { }
      case "a model version is registered", "a model version is in staging", "a model version is in production" -> {
        Response registered = RegistryApi.register(vars.get("model"), TinyModels.artifact(System.nanoTime()),
            TinyModels.lineage("run-" + UUID.randomUUID(), 0.8));
        registered.then().statusCode(201);
        vars.put("version", registered.path("version").toString());
        vars.put("sha256", registered.path("artifactSha256"));
        if (given.endsWith("staging")) {
          RegistryApi.stage(vars.get("model"), Integer.parseInt(vars.get("version")), "staging", RegistryApi.PIPELINE)
              .then().statusCode(200);
        }
        if (given.endsWith("production")) {
          int version = Integer.parseInt(vars.get("version"));
          RegistryApi.stageAndAccept(vars.get("model"), version);
          RegistryApi.stage(vars.get("model"), version, "production", RegistryApi.PROMOTER).then().statusCode(200);
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
    MultipartBody body = new MultipartBody()
        .file("artifact", "model.tribuo", "application/octet-stream", TinyModels.artifact(System.nanoTime()))
        .field("lineage", "application/json", TinyModels.json(TinyModels.lineage("run-" + UUID.randomUUID(), 0.8)));
    request.header("Content-Type", body.contentType());
    return HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
  }
}
