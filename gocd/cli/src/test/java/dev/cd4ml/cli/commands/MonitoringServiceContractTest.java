package dev.cd4ml.cli.commands;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.cd4ml.cli.canary.Observation;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the canary analysis reads of monitoring-service: both versions' figures over the window since the
 * canary entered, read by the real {@code MonitoringSource} into the contracts' {@code CanaryAnalysis}.
 * The figures that are null without traffic (error rate, p99, accuracy, share, PSI) are optional, which a
 * pact cannot say: they are left out here and read through the one record in platform/contracts, so a
 * rename of one breaks the build at compile time instead.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "monitoring-service", pactVersion = PactSpecVersion.V4)
class MonitoringServiceContractTest {
  static final String FROM = "2026-12-01T10:00:00Z";

  private static void figures(LambdaDslObject v, int version, String role, int predictions) {
    v.integerType("version", version);
    v.stringValue("role", role);
    v.integerType("predictions", predictions);
    v.integerType("rejected", 0);
    v.object("predicted", p -> { });
    v.integerType("labelled", 0);
  }

  @Pact(consumer = PipelineCli.CONSUMER)
  V4Pact canaryAnalysis(PactBuilder builder) {
    return builder.usingLegacyDsl().given("a model version is the canary beside production")
        .uponReceiving("the canary's and the primary's figures over the window")
        .method("GET").pathFromProviderState("/monitoring/models/${model}/canary-analysis", "/monitoring/models/credit/canary-analysis")
        .queryParameterFromProviderState("canaryVersion", "${version}", "4")
        .queryParameterFromProviderState("primaryVersion", "${primary}", "3")
        .matchQuery("from", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", FROM)
        .willRespondWith().status(200)
        .body(newJsonBody(o -> {
          o.stringType("model", "credit");
          o.stringType("environment", "production");
          o.stringType("from", FROM);
          o.stringType("to", "2026-12-01T11:00:00Z");
          o.object("primary", v -> figures(v, 3, "primary", 0));
          o.object("canary", v -> figures(v, 4, "canary", 0));
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "canaryAnalysis")
  void theCanaryAnalysisReadsBothVersionsFigures(MockServer monitoring) {
    Observation o = PipelineCli.with(Map.of(), () -> new CanaryAnalysisCommand.MonitoringSource(monitoring.getUrl(), "credit",
        3, 4, Instant.parse(FROM)).observe(200, false));
    assertThat(o.primary().version()).isEqualTo(3);
    assertThat(o.canary().version()).isEqualTo(4);
    assertThat(o.canary().predictions()).isZero();
    assertThat(o.predictionDriftPsi()).isNull();
  }
}
