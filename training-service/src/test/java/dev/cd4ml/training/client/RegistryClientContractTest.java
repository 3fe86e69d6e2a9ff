package dev.cd4ml.training.client;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.training.component.Neighbours;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What training-service reads from registry-service to measure a run against the champion, written
 * as a pact by the real {@link RegistryClient}. Same resources as the module's component tests.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "registry-service", pactVersion = PactSpecVersion.V4)
class RegistryClientContractTest {
  static final byte[] ARTIFACT = {0x0a, 0x05, 't', 'r', 'e', 'e', 's'};

  /**
   * The multipart form (artifact + lineage) is matched by its content type only: Pact matches one file
   * part, and the registry inspects a real model, so the provider's verification sends a real form. The
   * registry takes a version's metrics only from training-service's identity: the request carries its token.
   */
  @Pact(consumer = "training-service")
  V4Pact register(PactBuilder builder) {
    return builder.usingLegacyDsl().uponReceiving("register a trained model with its lineage")
        .method("POST").path("/models/credit-pact/versions")
        .matchHeader("Content-Type", "multipart/form-data.*", "multipart/form-data; boundary=pact")
        // training-service's own token (client credentials): the verification replays it with a real one
        .matchHeader("Authorization", "Bearer [-_.A-Za-z0-9]+", "Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln")
        .willRespondWith().status(201)
        .body(newJsonBody(o -> {
          o.stringType("model", "credit-pact");
          o.integerType("version", 1);
          o.stringMatcher("artifactSha256", "[0-9a-f]{64}", "ab".repeat(32));
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "training-service")
  V4Pact champion(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in production")
        .uponReceiving("the version in production, to measure it on a run's held-out rows (the champion)")
        .method("GET").pathFromProviderState("/models/${model}/stages/production", "/models/credit/stages/production")
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("model", "credit");
          o.integerType("version", 4);
          o.stringMatcher("artifactSha256", "[0-9a-f]{64}", "ab".repeat(32));
          o.object("lineage", l -> {
            l.stringType("dataVersion", "cd".repeat(32));
            l.object("signature", s -> {
              s.stringType("labelColumn", "defaulted");
              s.minArrayLike("features", 1, f -> {
                f.stringType("name", "income");
                f.stringMatcher("type", "numeric|categorical", "numeric");
              });
            });
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "training-service")
  V4Pact noChampion(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is registered")
        .uponReceiving("no version in production: the run has no champion")
        .method("GET").pathFromProviderState("/models/${model}/stages/production", "/models/credit/stages/production")
        .willRespondWith().status(404)
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "training-service")
  V4Pact championArtifact(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in production")
        .uponReceiving("the production version's artifact, to load the champion")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}/artifact",
            "/models/credit/versions/4/artifact")
        .willRespondWith().status(200)
        .withBinaryData(ARTIFACT, "application/octet-stream")
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "register")
  void registersAModel(MockServer mock) {
    ModelVersionInfo registered = client(mock).register("credit-pact", ARTIFACT, new ModelLineage("run-1", "credit",
        "cd".repeat(32), null, "CART", Map.of(), 42L, Map.of("accuracy", 0.8), null, null, null));
    assertThat(registered.version()).isEqualTo(1);
    assertThat(registered.artifactSha256()).isEqualTo("ab".repeat(32));
  }

  @Test
  @PactTestFor(pactMethod = "champion")
  void readsTheChampion(MockServer mock) {
    Optional<ModelVersionInfo> champion = client(mock).inStage("credit", "production");
    assertThat(champion).hasValueSatisfying(v -> {
      assertThat(v.version()).isEqualTo(4);
      assertThat(v.artifactSha256()).isEqualTo("ab".repeat(32));
      assertThat(v.lineage().dataVersion()).isEqualTo("cd".repeat(32));
      assertThat(v.lineage().signature().labelColumn()).isEqualTo("defaulted");
      assertThat(v.lineage().signature().features()).containsExactly(FeatureSpec.numeric("income"));
    });
  }

  @Test
  @PactTestFor(pactMethod = "noChampion")
  void noProductionVersionIsNoChampion(MockServer mock) {
    assertThat(client(mock).inStage("credit", "production")).isEmpty();
  }

  @Test
  @PactTestFor(pactMethod = "championArtifact")
  void loadsTheChampionsArtifact(MockServer mock) {
    assertThat(client(mock).artifact("credit", 4)).isEqualTo(ARTIFACT);
  }

  private static RegistryClient client(MockServer mock) {
    return new RegistryClient(QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(mock.getUrl()))
        .build(RegistryApi.class));
  }
}
