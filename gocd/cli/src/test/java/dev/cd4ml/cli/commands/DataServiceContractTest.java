package dev.cd4ml.cli.commands;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code cd4ml data generate} sends data-service and prints of its answer: the real command against
 * Pact's mock provider. (The check rows acceptance and smoke read are in {@link ServingServiceContractTest}.)
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "data-service", pactVersion = PactSpecVersion.V4)
class DataServiceContractTest {
  static final String VERSION = "cd".repeat(32);

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact generated(PactBuilder builder) {
    return builder.usingLegacyDsl()
        .uponReceiving("a generated demo version")
        .method("POST").path("/datasets/credit-cli/versions/generated")
        .query("rows=200&seed=3&drift=0.0")
        .matchHeader("Authorization", PipelineCli.BEARER, PipelineCli.PIPELINE_BEARER)
        .willRespondWith().status(201)
        .body(newJsonBody(o -> {
          o.stringType("dataset", "credit-cli");
          o.integerType("number", 1);
          o.stringMatcher("id", "[0-9a-f]{64}", VERSION);
          o.integerType("rows", 200);
          o.object("schema", s -> s.integerType("revision", 1));
          o.stringType("source", "generated");
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "generated")
  void generatePrintsTheNewVersion(MockServer data) {
    PipelineCli.Run r = PipelineCli.run(Map.of("CD4ML_DATA_URL", data.getUrl()), "data", "generate", "--dataset", "credit-cli",
        "--rows", "200", "--seed", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("credit-cli v1 " + VERSION + " rows=200 schemaRevision=1 source=generated");
  }
}
