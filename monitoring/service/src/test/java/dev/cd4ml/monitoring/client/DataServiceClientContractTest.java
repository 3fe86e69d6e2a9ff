package dev.cd4ml.monitoring.client;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What monitoring reads from data-service: the training data version's profile, the baseline live
 * traffic is judged against (a numeric column's histogram, the label's counts), read by the real
 * {@link DataServiceClient} and mapped the way the baseline maps it. Same resources as the module's
 * component tests.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "data-service", pactVersion = PactSpecVersion.V4)
class DataServiceClientContractTest {
  static final String ID = "9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

  @Inject
  ObjectMapper json;

  @Pact(consumer = "monitoring-service")
  V4Pact profile(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a dataset version exists")
        .uponReceiving("the training data version's profile: the baseline live traffic is judged against")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}", "/datasets/credit/versions/" + ID)
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("dataset", "credit");
          o.stringMatcher("id", "[0-9a-f]{64}", ID);
          o.object("profile", pr -> {
            pr.integerType("rows", 600);
            pr.object("columns", c -> c.object("income", income -> {
              income.stringValue("type", "numeric");
              income.integerType("count", 600);
              income.integerType("missing", 0);
              income.object("histogram", h -> {
                h.eachLike("edges", PactDslJsonRootValue.decimalType(1000.5));
                h.eachLike("counts", PactDslJsonRootValue.integerType(600));
              });
            }));
            pr.object("label", l -> l.object("categories", c -> {
              c.integerType("yes", 150);
              c.integerType("no", 450);
            }));
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "profile")
  void readsTheBaselineProfile(MockServer mock) throws Exception {
    URI url = URI.create(mock.getUrl());
    DataServiceClient client = new DataServiceClient(
        QuarkusRestClientBuilder.newBuilder().baseUri(url).build(DataServiceApi.class),
        QuarkusRestClientBuilder.newBuilder().baseUri(url).build(DataTransferApi.class));
    DatasetVersionInfo v = client.version("credit", ID);
    DatasetProfile profile = json.treeToValue(v.profile(), DatasetProfile.class);
    assertThat(v.id()).isEqualTo(ID);
    assertThat(profile.rows()).isEqualTo(600);
    assertThat(profile.columns().get("income").histogram().counts()).containsExactly(600);
    assertThat(profile.label().categories()).containsEntry("yes", 150L).containsEntry("no", 450L);
  }
}
