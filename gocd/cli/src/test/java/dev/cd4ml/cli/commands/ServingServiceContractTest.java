package dev.cd4ml.cli.commands;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.ForProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.cli.Release;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline's {@code acceptance} and {@code smoke} read of serving-service (what it serves, its
 * predictions, the refusal of a request without a feature), of data-service (the check rows) and send
 * registry-service (the acceptance check): the real commands against Pact's mock providers. The served
 * model's two numeric features are the provider state's model ({@code income}, {@code debt_to_income}):
 * the pact's prediction requests are replayed on it.
 */
@ExtendWith(PactConsumerTestExt.class)
class ServingServiceContractTest {
  static final String DATA_VERSION = "ab".repeat(32);
  static final String SERVED = "a model with numeric features income and debt_to_income is served";

  static final String CSV = "text/csv";

  @TempDir Path dir;

  /**
   * Pact JVM has no CSV matcher: the check rows' reader needs the label column and the served features in
   * the header line, so the pact matches the body by a regular expression on that line (the rest is any rows);
   * the provider's verification reads text/csv as text ({@code pact.content_type.override.text/csv=text}).
   */
  static V4Pact csvHeaderNames(V4Pact pact, String... columns) {
    for (var interaction : pact.getInteractions()) {
      ((V4Interaction.SynchronousHttp) interaction).getResponse().getMatchingRules().addCategory("body")
          .addRule("$", new RegexMatcher(csvHeaderRegex(columns)));
    }
    return pact;
  }

  static String csvHeaderRegex(String... columns) {
    StringBuilder regex = new StringBuilder("(?s)");
    for (String c : columns) {
      regex.append("(?=[^\\n]*\\b").append(c).append("\\b)");
    }
    return regex.append("[^\\n]+\\n.*").toString();
  }

  static String demoRows(int rows) {
    try (var in = new DemoDataGenerator(rows, 3, 0)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void feature(LambdaDslObject f, String name) {
    f.stringType("name", name);
    f.stringMatcher("type", "numeric|categorical", "numeric");
  }

  private static PactDslResponse served(PactDslWithProvider b) {
    return b.given(SERVED).uponReceiving("what is served, with its signature")
        .method("GET").path("/model")
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("model", "credit");
          o.integerType("version", 4);
          o.object("signature", s -> {
            s.stringType("labelColumn", "defaulted");
            s.array("features", a -> {
              a.object(f -> feature(f, "income"));
              a.object(f -> feature(f, "debt_to_income"));
            });
          });
        }).build());
  }

  private static PactDslResponse prediction(PactDslResponse b) {
    return b.given(SERVED).uponReceiving("a prediction")
        .method("POST").path("/predictions")
        .matchHeader("Content-Type", "application/json.*", "application/json")
        .body(newJsonBody(o -> o.object("features", f -> {
          f.numberType("income", 48000.0);
          f.numberType("debt_to_income", 0.3);
        })).build())
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("prediction", "no");
          o.integerType("version", 4);
        }).build());
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "serving-service")
  V4Pact servingForAcceptance(PactBuilder builder) {
    return prediction(served(builder.usingLegacyDsl()))
        .given(SERVED).uponReceiving("a request without a feature is refused naming it")
        .method("POST").path("/predictions")
        .matchHeader("Content-Type", "application/json.*", "application/json")
        .body(newJsonBody(o -> o.object("features", f -> f.numberType("debt_to_income", 0.3))).build())
        .willRespondWith().status(400)
        .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
        .body(newJsonBody(o -> {
          o.integerType("status", 400);
          o.minArrayLike("errors", 1, e -> e.stringMatcher("field", ".*income.*", "features.income"));
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "data-service")
  V4Pact latestCheckRows(PactBuilder builder) {
    return csvHeaderNames(builder.usingLegacyDsl().given("a dataset version exists")
        .uponReceiving("the latest content, for check rows")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/latest/content", "/datasets/credit/versions/latest/content")
        .willRespondWith().status(200)
        .matchHeader("Content-Type", "text/csv.*", CSV)
        .body(demoRows(40), CSV)
        .toPact(V4Pact.class), "defaulted", "income", "debt_to_income");
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "registry-service")
  V4Pact acceptanceCheck(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("record the acceptance check")
        .method("POST").pathFromProviderState("/models/${model}/versions/${version}/checks", "/models/credit/versions/4/checks")
        .matchHeader("Authorization", PipelineCli.BEARER, PipelineCli.PIPELINE_BEARER)
        .matchHeader("Content-Type", "application/json.*", "application/json")
        .body(newJsonBody(o -> {
          o.stringValue("name", "acceptance");
          o.booleanType("passed", true);
          o.stringType("details", "{rows=40, accuracy=0.9000}");
          o.stringType("pipelineLabel", "cd4ml-test/1");
        }).build())
        .willRespondWith().status(201)
        .toPact(V4Pact.class);
  }

  private Path release() {
    Path file = dir.resolve("release.json");
    new Release("0123456789abcdef", "credit", DATA_VERSION, "credit", 4, Map.of("accuracy", 0.9), "run-1", "CART",
        Map.of(), 42L, "cd4ml-model/1").write(file);
    return file;
  }

  @Test
  @PactTestFor(pactMethods = {"servingForAcceptance", "latestCheckRows", "acceptanceCheck"}, pactVersion = PactSpecVersion.V4)
  void acceptancePredictsTheCheckRowsChecksTheSignatureAndRecordsTheCheck(
      @ForProvider("serving-service") MockServer serving, @ForProvider("data-service") MockServer data,
      @ForProvider("registry-service") MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(Map.of("CD4ML_SERVING_TEST_URL", serving.getUrl(), "CD4ML_DATA_URL", data.getUrl(),
            "CD4ML_REGISTRY_URL", registry.getUrl()),
        "acceptance", "--release", release().toString(), "--environment", "test", "--check-dataset", "credit",
        "--rows", "40", "--max-p95-ms", "60000");
    // every answer is the pact's "no", the demo rows' majority class: accuracy equals its rate, which passes
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("[acceptance] credit v4 on test: passed").contains("signature=missing feature refused")
        .contains("rows=40");
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "serving-service")
  V4Pact servingForSmoke(PactBuilder builder) {
    return prediction(served(builder.usingLegacyDsl())).toPact(V4Pact.class);
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "data-service")
  V4Pact trainingRows(PactBuilder builder) {
    return csvHeaderNames(builder.usingLegacyDsl().given("a dataset version exists")
        .uponReceiving("a version's content, for smoke rows")
        .method("GET").pathFromProviderState("/datasets/${dataset}/versions/${id}/content",
            "/datasets/credit/versions/" + DATA_VERSION + "/content")
        .willRespondWith().status(200)
        .matchHeader("Content-Type", "text/csv.*", CSV)
        .body(demoRows(5), CSV)
        .toPact(V4Pact.class), "defaulted", "income", "debt_to_income");
  }

  @Test
  @PactTestFor(pactMethods = {"servingForSmoke", "trainingRows"}, pactVersion = PactSpecVersion.V4)
  void smokeFindsTheReleaseServedAndAnswering(@ForProvider("serving-service") MockServer serving,
      @ForProvider("data-service") MockServer data) {
    PipelineCli.Run r = PipelineCli.run(Map.of("CD4ML_SERVING_TEST_URL", serving.getUrl(), "CD4ML_DATA_URL", data.getUrl()),
        "smoke", "--release", release().toString(), "--environment", "test", "--rows", "5");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("[smoke] test serves credit v4; 5 predictions answered");
  }
}
