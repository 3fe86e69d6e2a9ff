package dev.cd4ml.serving.client;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What serving-service reads from registry-service to serve a stage's model, written as a pact by the
 * real {@link RegistryClient}. Same resources as the module's component tests (one Quarkus boot).
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "registry-service", pactVersion = PactSpecVersion.V4)
class RegistryClientContractTest {
  static final byte[] ARTIFACT = {0x0a, 0x05, 't', 'r', 'e', 'e', 's'};
  static final String SHA = "ab".repeat(32);

  /** The fields serving reads of a version: identity, checksum, lineage for /model, signature for validation. */
  private static void version(LambdaDslObject o) {
    o.stringType("model", "credit");
    o.integerType("version", 4);
    o.stringMatcher("artifactSha256", "[0-9a-f]{64}", SHA);
    o.object("lineage", l -> {
      l.stringType("trainingRunId", "run-1");
      l.stringType("dataset", "credit");
      l.stringType("dataVersion", "cd".repeat(32));
      l.stringType("algorithm", "CART");
      l.object("metrics", m -> m.numberType("accuracy", 0.8));
      l.object("signature", s -> {
        s.stringType("labelColumn", "defaulted");
        s.eachLike("labels", PactDslJsonRootValue.stringType("yes"));
        s.minArrayLike("features", 1, f -> {
          f.stringType("name", "income");
          f.stringMatcher("type", "numeric|categorical", "numeric");
        });
      });
    });
  }

  @Pact(consumer = "serving-service")
  V4Pact stageVersion(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("the version a stage holds, to serve it")
        .method("GET").pathFromProviderState("/models/${model}/stages/staging", "/models/credit/stages/staging")
        .willRespondWith().status(200).body(newJsonBody(RegistryClientContractTest::version).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "serving-service")
  V4Pact oneVersion(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("one version, after a stage-changed event")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}", "/models/credit/versions/4")
        .willRespondWith().status(200).body(newJsonBody(RegistryClientContractTest::version).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "serving-service")
  V4Pact artifact(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("the artifact, streamed")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}/artifact",
            "/models/credit/versions/4/artifact")
        .willRespondWith().status(200).withBinaryData(ARTIFACT, "application/octet-stream")
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "stageVersion")
  void readsWhatAStageHolds(MockServer mock) {
    assertServable(client(mock).stageVersion("credit", Stage.staging));
  }

  @Test
  @PactTestFor(pactMethod = "oneVersion")
  void readsOneVersion(MockServer mock) {
    assertServable(client(mock).version("credit", 4));
  }

  @Test
  @PactTestFor(pactMethod = "artifact")
  void downloadsTheArtifactAndHashesIt(MockServer mock) throws Exception {
    Path target = Files.createTempFile("pact-artifact", ".tribuo");
    try {
      String sha = client(mock).downloadArtifact("credit", 4, target);
      assertThat(Files.readAllBytes(target)).isEqualTo(ARTIFACT);
      assertThat(sha).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARTIFACT)));
    } finally {
      Files.deleteIfExists(target);
    }
  }

  private static void assertServable(Optional<ModelVersionInfo> read) {
    assertThat(read).hasValueSatisfying(v -> {
      assertThat(v.version()).isEqualTo(4);
      assertThat(v.artifactSha256()).isEqualTo(SHA);
      assertThat(v.lineage().trainingRunId()).isEqualTo("run-1");
      assertThat(v.lineage().metrics()).containsEntry("accuracy", 0.8);
      assertThat(v.lineage().signature().labels()).containsExactly("yes");
      assertThat(v.lineage().signature().features()).containsExactly(FeatureSpec.numeric("income"));
    });
  }

  private static RegistryClient client(MockServer mock) {
    return new RegistryClient(QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(mock.getUrl()))
        .build(RegistryApi.class));
  }
}
