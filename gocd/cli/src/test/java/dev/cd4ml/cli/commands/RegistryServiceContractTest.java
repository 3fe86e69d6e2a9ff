package dev.cd4ml.cli.commands;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonArrayMinLike;
import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline's registry commands ({@code release show}, {@code promote}, {@code canary}, {@code canary
 * --abort}, the canary analysis's window) read of registry-service and send it: the real commands against
 * Pact's mock provider. Staging and checks carry the pipeline's own token; canary, production and archived the
 * release manager's (either matched as a bearer token; the verification sends each a real one).
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "registry-service", pactVersion = PactSpecVersion.V4)
class RegistryServiceContractTest {
  static final String STAGES = "none|staging|canary|production|archived";

  @TempDir Path dir;

  private Path release(int version) {
    Path file = dir.resolve("release.json");
    new Release("0123456789abcdef", "credit", "ab".repeat(32), "credit", version, Map.of("accuracy", 0.9), "run-1", "CART",
        Map.of(), 42L, "cd4ml-model/1").write(file);
    return file;
  }

  private static Map<String, String> env(MockServer registry) {
    return Map.of("CD4ML_REGISTRY_URL", registry.getUrl());
  }

  private static PactDslResponse stageChange(PactDslWithState b, String description, String stage,
      String bearer, boolean withWeight, int status) {
    var request = b.uponReceiving(description)
        .method("POST").pathFromProviderState("/models/${model}/versions/${version}/stage", "/models/credit/versions/4/stage")
        .matchHeader("Authorization", PipelineCli.BEARER, bearer)
        .matchHeader("Content-Type", "application/json.*", "application/json")
        .body(newJsonBody(o -> {
          o.stringValue("stage", stage);
          o.stringType("reason", "pipeline cd4ml-test/1, by go");
          o.stringType("pipelineLabel", "cd4ml-test/1");
          if (withWeight) {
            o.integerType("trafficWeight", 10);
          }
        }).build());
    var response = request.willRespondWith().status(status);
    if (status >= 400) {
      // what the one-line failure names: title, detail, each unmet rule
      response.matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json").body(newJsonBody(o -> {
        o.integerType("status", status);
        o.stringType("title", "Conflict");
        o.stringType("detail", "the version does not meet the production policy");
        o.minArrayLike("errors", 1, e -> {
          e.stringType("field", "checks.acceptance");
          e.stringType("message", "no passed acceptance check");
        });
      }).build());
    }
    return response;
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact versionStage(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is in staging")
        .uponReceiving("a version's stage and checks, for release show")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}", "/models/credit/versions/4")
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringMatcher("stage", STAGES, "staging");
          o.minArrayLike("checks", 0, 1, c -> {
            c.stringType("name", "acceptance");
            c.booleanType("passed", true);
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "versionStage")
  void releaseShowPrintsTheRegistrysStage(MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(env(registry), "release", "show", "--release", release(4).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("registry: stage staging, checks [");
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact promoteToStaging(PactBuilder builder) {
    return stageChange(builder.usingLegacyDsl().given("a model version is registered"), "promote to staging", "staging",
        PipelineCli.PIPELINE_BEARER, false, 200).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "promoteToStaging")
  void promoteMovesTheReleaseToStaging(MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(env(registry), "promote", "--release", release(4).toString(), "--stage", "staging",
        "--reason", "pipeline cd4ml-test/1, by go", "--no-wait");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("[promote] credit v4 -> staging");
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact refusedProduction(PactBuilder builder) {
    return stageChange(builder.usingLegacyDsl().given("a model version is registered"), "a refused promotion names each unmet rule",
        "production", PipelineCli.PERSON_BEARER, false, 409).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "refusedProduction")
  void aRefusedPromotionIsOneLineNamingEachRule(MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(env(registry), "promote", "--release", release(4).toString(), "--stage",
        "production", "--reason", "pipeline cd4ml-test/1, by go", "--no-wait");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("promotion of credit v4 to production refused: 409 Conflict: the version does not meet"
        + " the production policy (checks.acceptance: no passed acceptance check)");
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact canary(PactBuilder builder) {
    var b = builder.usingLegacyDsl().given("a model version is in staging beside one in production")
        .uponReceiving("the version production holds, before a canary")
        .method("GET").pathFromProviderState("/models/${model}/stages/production", "/models/credit/stages/production")
        .willRespondWith().status(200).body(newJsonBody(o -> o.integerType("version", 3)).build());
    return stageChange(b.given("a model version is in staging beside one in production"), "promote to canary at a weight",
        "canary", PipelineCli.PERSON_BEARER, true, 200).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "canary")
  void canaryPutsTheReleaseBesideProduction(MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(env(registry), "canary", "--release", release(4).toString(), "--weight", "10",
        "--reason", "pipeline cd4ml-test/1, by go", "--no-wait");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("[promote] credit v4 -> canary at 10 %");
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact abortCanary(PactBuilder builder) {
    var b = builder.usingLegacyDsl().given("a model version is the canary beside production")
        .uponReceiving("the canary's stage, before an abort")
        .method("GET").pathFromProviderState("/models/${model}/versions/${version}", "/models/credit/versions/4")
        .willRespondWith().status(200).body(newJsonBody(o -> o.stringMatcher("stage", STAGES, "canary")).build());
    return stageChange(b.given("a model version is the canary beside production"), "archive the canary (abort)", "archived",
        PipelineCli.PERSON_BEARER, false, 200).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "abortCanary")
  void abortArchivesTheCanary(MockServer registry) {
    PipelineCli.Run r = PipelineCli.run(env(registry), "canary", "--release", release(4).toString(), "--abort",
        "--reason", "pipeline cd4ml-production/1: canary aborted");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("[canary] aborted: credit v4 -> archived; production unchanged");
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact history(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is the canary beside production")
        .uponReceiving("the audit trail: when the canary entered its stage, which version production held before")
        .method("GET").pathFromProviderState("/models/${model}/history", "/models/credit/history")
        .willRespondWith().status(200)
        .body(newJsonArrayMinLike(1, a -> a.object(e -> {
          e.integerType("version", 4);
          e.stringMatcher("from", STAGES, "staging");
          e.stringMatcher("to", STAGES, "canary");
          e.stringMatcher("at", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "2026-12-01T10:15:30.123Z");
        })).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "history")
  void theAuditTrailPlacesTheCanaryAndThePreviousProductionVersion(MockServer registry) {
    Instant entered = PipelineCli.with(env(registry), () -> CanaryAnalysisCommand.enteredCanary(registry.getUrl(), "credit", 4));
    assertThat(entered).isEqualTo(Instant.parse("2026-12-01T10:15:30.123Z"));
    Integer previous = PipelineCli.with(env(registry), () -> RollbackCommand.previousProduction(
        dev.cd4ml.cli.Api.get(registry.getUrl() + "/models/credit/history"), 5));
    assertThat(previous).as("no entry into production in the pact's example").isNull();
  }
}
