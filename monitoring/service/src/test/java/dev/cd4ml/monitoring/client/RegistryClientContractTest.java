package dev.cd4ml.monitoring.client;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonArrayMinLike;
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
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What monitoring reads from registry-service: which version each stage holds, a version's lineage
 * (training data version, signature, held-out metrics) and the audit trail, read by the real
 * {@link RegistryClient}. Same resources as the module's component tests.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "registry-service", pactVersion = PactSpecVersion.V4)
class RegistryClientContractTest {

  private static void lineage(LambdaDslObject o) {
    o.stringType("model", "credit");
    o.integerType("version", 4);
    o.object("lineage", l -> {
      l.stringType("dataset", "credit");
      l.stringType("dataVersion", "cd".repeat(32));
      l.object("metrics", m -> m.numberType("accuracy", 0.8));
      l.object("signature", s -> {
        s.eachLike("labels", PactDslJsonRootValue.stringType("yes"));
        s.stringType("positiveLabel", "yes");
        s.minArrayLike("features", 1, f -> {
          f.stringType("name", "income");
          f.stringMatcher("type", "numeric|categorical", "numeric");
        });
      });
    });
  }

  @Pact(consumer = "monitoring-service")
  V4Pact models(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("every model and the version each stage holds, to evaluate what is served")
        .method("GET").path("/models")
        .willRespondWith().status(200)
        .body(newJsonArrayMinLike(1, a -> a.object(m -> {
          m.stringType("name", "credit");
          // a map stage -> version; a model may hold no stage at all
          m.object("stages", s -> s.eachKeyLike("staging", PactDslJsonRootValue.integerType(4)));
        })).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "monitoring-service")
  V4Pact stage(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("the version a stage holds, for a report without a version")
        .method("GET").pathFromProviderState("/models/${model}/stages/staging", "/models/credit/stages/staging")
        .willRespondWith().status(200).body(newJsonBody(RegistryClientContractTest::lineage).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "monitoring-service")
  V4Pact version(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("one version's lineage: its training data version, signature and held-out metrics")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}", "/models/credit/versions/4")
        .willRespondWith().status(200).body(newJsonBody(RegistryClientContractTest::lineage).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "monitoring-service")
  V4Pact history(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("the audit trail, to place the versions a report compares in time")
        .method("GET").pathFromProviderState("/models/${model}/history", "/models/credit/history")
        .willRespondWith().status(200)
        .body(newJsonArrayMinLike(1, a -> a.object(e -> {
          e.integerType("version", 4);
          e.stringType("to", "staging");
          e.stringType("at", "2026-12-01T10:15:30.123Z");
        })).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "models")
  void readsWhichVersionEachStageHolds(MockServer mock) {
    assertThat(client(mock).stageHolders()).containsEntry("credit", Map.of("staging", 4));
  }

  @Test
  @PactTestFor(pactMethod = "stage")
  void readsWhatAStageHolds(MockServer mock) {
    assertLineage(client(mock).inStage("credit", "staging"));
  }

  @Test
  @PactTestFor(pactMethod = "version")
  void readsAVersionsLineage(MockServer mock) {
    assertLineage(client(mock).version("credit", 4));
  }

  @Test
  @PactTestFor(pactMethod = "history")
  void readsTheAuditTrail(MockServer mock) {
    List<RegistryClient.StageChange> trail = client(mock).history("credit");
    assertThat(trail).singleElement().satisfies(c -> {
      assertThat(c.version()).isEqualTo(4);
      assertThat(c.to()).isEqualTo("staging");
      assertThat(c.at()).isNotNull();
    });
  }

  private static void assertLineage(Optional<ModelVersionInfo> read) {
    assertThat(read).hasValueSatisfying(v -> {
      assertThat(v.lineage().dataVersion()).isEqualTo("cd".repeat(32));
      assertThat(v.lineage().metrics()).containsEntry("accuracy", 0.8);
      assertThat(v.lineage().signature().labels()).containsExactly("yes");
      assertThat(v.lineage().signature().positiveLabel()).isEqualTo("yes");
      assertThat(v.lineage().signature().features()).containsExactly(FeatureSpec.numeric("income"));
    });
  }

  private static RegistryClient client(MockServer mock) {
    return new RegistryClient(QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(mock.getUrl()))
        .build(RegistryApi.class));
  }
}
