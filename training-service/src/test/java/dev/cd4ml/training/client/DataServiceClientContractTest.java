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
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.training.component.Neighbours;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What training-service reads from data-service, written as a pact by the real {@link DataServiceClient}
 * (and its REST interface) talking to Pact's mock provider. Boots with the same resources as the
 * module's component tests, so Quarkus reuses that application.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "data-service", pactVersion = PactSpecVersion.V4)
class DataServiceClientContractTest {
  static final String ID = "9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

  @Pact(consumer = "training-service")
  V4Pact versionWithSchema(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a dataset version exists")
        .uponReceiving("a version's metadata and schema, to map features")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}", "/datasets/credit/versions/" + ID)
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("dataset", "credit");
          o.stringMatcher("id", "[0-9a-f]{64}", ID);
          o.integerType("number", 3);
          o.integerType("rows", 600);
          o.object("schema", s -> {
            s.integerType("revision", 1);
            s.stringType("label", "default");
            s.minArrayLike("columns", 1, c -> {
              c.stringType("name", "income");
              c.stringMatcher("type", "numeric|categorical", "numeric");
            });
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = "training-service")
  V4Pact content(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a dataset version exists")
        .uponReceiving("the content, streamed, named by its SHA-256")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}/content",
            "/datasets/credit/versions/" + ID + "/content")
        .willRespondWith().status(200)
        .matchHeader("Content-Type", "text/csv.*", "text/csv")
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "versionWithSchema")
  void readsAVersionsSchema(MockServer mock) {
    DatasetVersionInfo v = client(mock).version("credit", ID);
    assertThat(v.id()).isEqualTo(ID);
    assertThat(v.number()).isEqualTo(3);
    assertThat(v.rows()).isEqualTo(600);
    assertThat(v.schema().label()).isEqualTo("default");
    assertThat(v.schema().columns()).containsExactly(new ColumnSpec("income", ColumnSpec.ColumnType.numeric));
  }

  @Test
  @PactTestFor(pactMethod = "content")
  void streamsTheContent(MockServer mock) throws Exception {
    try (InputStream in = client(mock).content("credit", ID)) {
      assertThat(in).isNotNull();
    }
  }

  private static DataServiceClient client(MockServer mock) {
    return new DataServiceClient(QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(mock.getUrl()))
        .build(DataServiceApi.class));
  }
}
