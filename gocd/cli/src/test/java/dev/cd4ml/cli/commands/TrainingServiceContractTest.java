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
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.cli.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline's {@code train}, {@code gate} and {@code register} read of training-service (and, for
 * {@code register}, of registry-service): the real commands against Pact's mock providers. The gate judges
 * the run training-service answered, so the run's figures the gate reads are in the pact too.
 */
@ExtendWith(PactConsumerTestExt.class)
class TrainingServiceContractTest {
  static final String RUN = "5f0c6f0e-2b1d-4c47-9a51-0d6e3c2b1a90";
  static final String DATA_VERSION = "ab".repeat(32);

  @TempDir Path dir;

  @Pact(consumer = PipelineCli.CONSUMER, provider = "training-service")
  V4Pact trainAndWatch(PactBuilder builder) {
    return builder.usingLegacyDsl()
        .given("a dataset version exists")
        .uponReceiving("start a training run")
        .method("POST").path("/training-runs")
        .matchHeader("Authorization", PipelineCli.BEARER, PipelineCli.PIPELINE_BEARER)
        .matchHeader("Content-Type", "application/json.*", "application/json")
        .body(newJsonBody(o -> {
          o.valueFromProviderState("dataset", "${dataset}", "credit");
          o.stringType("dataVersion", "latest");
          o.stringMatcher("algorithm", "cart|random-forest", "cart");
          o.integerType("seed", 42);
          o.valueFromProviderState("modelName", "${model}", "credit");
          o.booleanType("register", false);
          o.object("params", p -> p.integerType("maxDepth", 6));
          o.object("tags", t -> t.stringType("pipeline", "manual"));
        }).build())
        .willRespondWith().status(202)
        .body(newJsonBody(o -> {
          o.uuid("id", java.util.UUID.fromString(RUN));
          o.stringType("status", "queued");
        }).build())
        .given("a training run succeeded")
        .uponReceiving("a finished run with its progress, metrics and held-out evaluation")
        .method("GET").pathFromProviderState("/training-runs/${runId}", "/training-runs/" + RUN)
        .willRespondWith().status(200)
        .body(newJsonBody(TrainingServiceContractTest::finishedRun).build())
        .toPact(V4Pact.class);
  }

  /** A finished run as train prints it and the gate judges it; register and acceptance read its split. */
  static void finishedRun(au.com.dius.pact.consumer.dsl.LambdaDslObject o) {
    o.uuid("id", java.util.UUID.fromString(RUN));
    o.stringMatcher("status", "succeeded|failed|cancelled", "succeeded");
    o.object("progress", p -> {
      p.integerType("percent", 100);
      p.integerType("rowsLoaded", 500);
    });
    o.object("metrics", m -> {
      m.numberType("accuracy", 0.9);
      m.numberType("macroF1", 0.8);
      // the fairness gaps the gate limits: one key per protected column
      m.numberType("fairness.sex.positiveRateGap", 0.05);
    });
    o.object("evaluation", e -> {
      // the held-out class counts: the gate's baseline
      e.object("perClass", c -> c.eachKeyLike("no", k -> k.integerType("support", 70)));
      e.object("fairness", f -> f.eachKeyLike("sex", col -> col.object("groups",
          g -> g.eachKeyLike("female", gm -> {
            gm.integerType("count", 50);
            gm.numberType("accuracy", 0.9);
          }))));
    });
    o.stringMatcher("dataVersion", "[0-9a-f]{64}", DATA_VERSION);
    o.integerType("seed", 42);
    o.object("split", s -> {
      s.numberType("testFraction", 0.2);
      s.booleanType("stratified", true);
    });
  }

  @Test
  @PactTestFor(pactMethod = "trainAndWatch", pactVersion = PactSpecVersion.V4)
  void trainWritesTheFinishedRunAndTheGateJudgesIt(MockServer training) throws Exception {
    Path run = dir.resolve("run.json");
    Map<String, String> env = Map.of("CD4ML_TRAINING_URL", training.getUrl());
    PipelineCli.Run train = PipelineCli.run(env, "train", "--dataset", "credit", "--param", "maxDepth=6", "--out",
        run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("[train] run " + RUN).contains("succeeded: accuracy 0.9000, macroF1 0.8000");
    PipelineCli.Run gate = PipelineCli.run(env, "gate", "--run", run.toString());
    // one held-out class in the pact's example: its majority-class rate is 1, which 0.9 does not beat
    assertThat(gate.out()).contains("FAIL accuracy: 0.9000 >= 1.0100").contains("PASS fairness.sex.positiveRateGap: 0.0500")
        .contains("fairness.sex.accuracyGap").contains("decision: REFUSED");
    assertThat(gate.exit()).isEqualTo(1);
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "training-service")
  V4Pact registration(PactBuilder builder) {
    return builder.usingLegacyDsl()
        .given("a training run succeeded")
        .uponReceiving("register the model of a run that passed the gate")
        .method("POST").pathFromProviderState("/training-runs/${runId}/registration", "/training-runs/" + RUN + "/registration")
        .matchHeader("Authorization", PipelineCli.BEARER, PipelineCli.PIPELINE_BEARER)
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.uuid("id", java.util.UUID.fromString(RUN));
          o.object("registration", r -> {
            r.stringMatcher("state", "registered|pending|rejected", "registered");
            r.stringType("modelName", "credit");
            r.integerType("modelVersion", 4);
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Pact(consumer = PipelineCli.CONSUMER, provider = "registry-service")
  V4Pact registeredLineage(PactBuilder builder) {
    return builder.usingLegacyDsl()
        .given("a model version is registered")
        .uponReceiving("the lineage of a registered version, for release.json")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}", "/models/credit/versions/4")
        .willRespondWith().status(200)
        .body(newJsonBody(o -> o.object("lineage", l -> {
          l.stringType("codeRevision", "0123456789abcdef");
          l.stringType("dataset", "credit");
          l.stringMatcher("dataVersion", "[0-9a-f]{64}", DATA_VERSION);
          l.object("metrics", m -> m.eachKeyLike("accuracy", PactDslJsonRootValue.numberType(0.9)));
          l.stringType("algorithm", "CART");
          l.object("params", p -> p.integerType("maxDepth", 6));
          l.integerType("seed", 42);
        })).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethods = {"registration", "registeredLineage"}, pactVersion = PactSpecVersion.V4)
  void registerWritesTheReleaseCandidateFromTheRegistrysLineage(@ForProvider("training-service") MockServer training,
      @ForProvider("registry-service") MockServer registry) throws Exception {
    Path run = dir.resolve("run.json");
    Files.writeString(run, "{\"id\":\"" + RUN + "\"}");
    Path release = dir.resolve("release.json");
    PipelineCli.Run r = PipelineCli.run(Map.of("CD4ML_TRAINING_URL", training.getUrl(),
        "CD4ML_REGISTRY_URL", registry.getUrl()), "register", "--run", run.toString(), "--out", release.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    var written = Api.JSON.readTree(release.toFile());
    assertThat(written.path("modelName").asText()).isEqualTo("credit");
    assertThat(written.path("modelVersion").asInt()).isEqualTo(4);
    assertThat(written.path("dataVersion").asText()).isEqualTo(DATA_VERSION);
    assertThat(written.path("codeRevision").asText()).isEqualTo("0123456789abcdef");
    assertThat(written.path("metrics").path("accuracy").asDouble()).isEqualTo(0.9);
    assertThat(written.path("seed").asLong()).isEqualTo(42);
  }
}
