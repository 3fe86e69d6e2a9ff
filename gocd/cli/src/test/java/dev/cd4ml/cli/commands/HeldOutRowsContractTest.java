package dev.cd4ml.cli.commands;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.junit5.ForProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code acceptance} reads and sends to derive its check set (the pipeline's default): the training
 * run's data version, seed and split (training-service), the version's schema and content, and the derived
 * {@code <dataset>-check} version it stores (data-service): the real {@link HeldOutRows} against Pact's mock
 * providers. The uploaded CSV is matched by its header line (the columns the schema names).
 */
@ExtendWith(PactConsumerTestExt.class)
class HeldOutRowsContractTest {
  static {
    // Pact JVM has no CSV matcher: the mock reads text/csv as text, so the header-line expression applies
    System.setProperty("pact.content_type.override.text/csv", "text");
  }

  static final String RUN = TrainingServiceContractTest.RUN;
  static final String DATA_VERSION = ServingServiceContractTest.DATA_VERSION;

  @Pact(consumer = PipelineCli.CONSUMER, provider = "training-service")
  V4Pact finishedRun(PactBuilder builder) {
    return builder.usingLegacyDsl()
        .given("a training run succeeded")
        .uponReceiving("a finished run with its progress, metrics and held-out evaluation")
        .method("GET").pathFromProviderState("/training-runs/${runId}", "/training-runs/" + RUN)
        .willRespondWith().status(200)
        .body(newJsonBody(TrainingServiceContractTest::finishedRun).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "data-service")
  V4Pact derivedCheckSet(PactBuilder builder) {
    V4Pact pact = builder.usingLegacyDsl()
        .given("a dataset version exists")
        .uponReceiving("a version's schema, to store its held-out rows with it")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}", "/datasets/credit/versions/" + DATA_VERSION)
        .willRespondWith().status(200)
        .body(newJsonBody(o -> o.object("schema", s -> {
          s.stringType("label", "defaulted");
          // absent in data without a row id; the provider state's demo data has one
          s.stringType("idColumn", "id");
          s.minArrayLike("protectedColumns", 0, PactDslJsonRootValue.stringType("sex"), 1);
          s.minArrayLike("columns", 1, c -> {
            c.stringType("name", "sex");
            c.stringMatcher("type", "numeric|categorical", "categorical");
          });
        })).build())
        .given("a dataset version exists")
        .uponReceiving("a version's content, for the rows its training run held out")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}/content",
            "/datasets/credit/versions/" + DATA_VERSION + "/content")
        .willRespondWith().status(200)
        .matchHeader("Content-Type", "text/csv.*", ServingServiceContractTest.CSV)
        .body(ServingServiceContractTest.demoRows(60), ServingServiceContractTest.CSV)
        .given("a dataset version exists")
        .uponReceiving("store the rows a run held out as a derived check version")
        .method("POST").pathFromProviderState("/datasets/${dataset}-check/versions", "/datasets/credit-check/versions")
        .matchQuery("label", ".+", "defaulted")
        .matchQuery("id", ".*", "id")
        .matchQuery("protected", ".*", "sex")
        .matchQuery("categorical", ".*", "sex")
        .matchQuery("source", "derived", "derived")
        .queryParameterFromProviderState("parent", "${dataset}@${id}", "credit@" + DATA_VERSION)
        .matchQuery("allowSchemaChange", "true", "true")
        .matchQuery("message", "rows held out by training run .+", "rows held out by training run " + RUN)
        .matchHeader("Authorization", PipelineCli.BEARER, PipelineCli.PIPELINE_BEARER)
        .matchHeader("Content-Type", "text/csv.*", ServingServiceContractTest.CSV)
        .body(ServingServiceContractTest.demoRows(5), ServingServiceContractTest.CSV)
        .willRespondWith().status(201)
        .body(newJsonBody(o -> {
          o.stringType("dataset", "credit-check");
          o.stringMatcher("id", "[0-9a-f]{64}", "ef".repeat(32));
          o.integerType("number", 1);
          o.integerType("rows", 1);
        }).build())
        .toPact(V4Pact.class);
    String header = ServingServiceContractTest.csvHeaderRegex("defaulted", "income", "debt_to_income");
    for (var interaction : pact.getInteractions()) {
      var http = (V4Interaction.SynchronousHttp) interaction;
      if (interaction.getDescription().startsWith("store ")) {
        // the held-out rows of the run's split: any rows, under the version's header
        http.getRequest().getMatchingRules().addCategory("body").addRule("$", new RegexMatcher(header));
      } else if (interaction.getDescription().contains("content")) {
        http.getResponse().getMatchingRules().addCategory("body").addRule("$", new RegexMatcher(header));
      }
    }
    return pact;
  }

  @Test
  @PactTestFor(pactMethods = {"finishedRun", "derivedCheckSet"}, pactVersion = PactSpecVersion.V4)
  void acceptanceStoresTheRowsTheRunHeldOutAsADerivedVersion(@ForProvider("training-service") MockServer training,
      @ForProvider("data-service") MockServer data) {
    JsonNode check = PipelineCli.with(Map.of(), () -> HeldOutRows.derive(data.getUrl(), training.getUrl(), "credit", "latest",
        RUN));
    assertThat(check.path("dataset").asText()).isEqualTo("credit-check");
    assertThat(check.path("id").asText()).isEqualTo("ef".repeat(32));
  }
}
