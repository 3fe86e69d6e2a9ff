package dev.cd4ml.pacts;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.cd4ml.contracts.events.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * monitoring-service honours every pact naming it: REST on its real running jar reading the real registry
 * and the prediction log in OpenSearch, states being models moved through the registry's API; its alert
 * events as its real outbox published them to {@code cd4ml.monitoring} after real drifting, mislabelled
 * traffic in monitoring/service's {@code MonitoringPublishedAlertsContractTest}, which records them for this module in
 * {@code target/pact-messages/monitoring-service} (making such traffic needs that module's whole platform).
 */
@Provider("monitoring-service")
@PactFolder("../../target/pacts")
class MonitoringServicePactContractTest {

  @BeforeAll
  static void freshResults() {
    Verified.reset("monitoring-service");
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(context.getInteraction().isAsynchronousMessage() ? new MessageTestTarget()
        : new AuthenticatedTarget(Providers.monitoring().port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursThePact(PactVerificationContext context) {
    Verified.verify(context);
  }

  @State("a model version is the canary beside production")
  Map<String, Object> canaryBesideProduction() {
    return Models.canaryBesideProduction();
  }

  @PactVerifyProvider("a served version's drift alert")
  MessageAndMetadata driftAlert() throws IOException {
    return recorded(EventType.MODEL_MONITOR_DRIFT_DETECTED);
  }

  @PactVerifyProvider("a served version's quality alert")
  MessageAndMetadata qualityAlert() throws IOException {
    return recorded(EventType.MODEL_MONITOR_QUALITY_DEGRADED);
  }

  private static MessageAndMetadata recorded(EventType type) throws IOException {
    Path file = Verified.RESULTS.resolveSibling("pact-messages").resolve("monitoring-service").resolve(type.wireName() + ".json");
    if (!Files.exists(file)) {
      throw new AssertionError("no " + type.wireName() + " event recorded in " + file
          + ": monitoring/service's MonitoringPublishedAlertsContractTest records what monitoring-service published (run its tests first)");
    }
    return new MessageAndMetadata(Files.readAllBytes(file), Map.of("contentType", "application/json"));
  }
}
