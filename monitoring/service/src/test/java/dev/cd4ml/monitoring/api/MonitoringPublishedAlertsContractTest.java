package dev.cd4ml.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.events.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.service.LabelJoiner;
import dev.cd4ml.monitoring.service.ReportService;
import dev.cd4ml.monitoring.service.ReportStore;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.monitoring.support.Traffic;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider half of monitoring-service's pact with its own retraining trigger
 * ({@code events.AlertConsumerContractTest}): real traffic that drifts and feedback that contradicts
 * every answer make a stored report alert on drift and on quality; the events its real outbox put on
 * {@code cd4ml.monitoring} are recorded in {@code target/pact-messages/monitoring-service/<type>.json}
 * * at the root of the build, where platform/pact-verification verifies them against the pact (this
 * module's process and parts are gone by then; the recording is what the topic carried). It leaves the
 * model's drift and quality judged alert, so it runs after {@link MonitoringComponentTest}, which sees a
 * judgement turn to alert itself (classes run in name order).
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class MonitoringPublishedAlertsContractTest {
  @Inject
  LabelJoiner joiner;
  @Inject
  RegistryClient registry;
  @Inject
  ReportService reports;
  @Inject
  ReportStore store;

  @Test
  void driftAndQualityAlertsArePublishedAndRecordedForTheirPact() throws Exception {
    Traffic t = Traffic.send(DemoModel.rows(DemoData.csv(200, 301, 1.0)));
    try {
      verify(t);
    } finally {
      // The other classes judge the last hour: take this drifted, mislabelled traffic out of the log again.
      HarvestComponentTest.forget(t.served().stream().map(Traffic.Served::requestId).toList());
    }
  }

  private void verify(Traffic t) throws Exception {
    Map<String, String> wrong = new HashMap<>();
    for (Traffic.Served s : t.served()) {
      wrong.put(s.requestId(), s.prediction().equals("yes") ? "no" : "yes");
    }
    HarvestComponentTest.feedback(wrong);
    HarvestComponentTest.awaitIndexed(t, wrong.size());
    joiner.join();
    ModelVersionInfo served = registry.version(MonitoredPlatform.MODEL, MonitoredPlatform.modelVersion()).orElseThrow();
    // A report over exactly this traffic: it alerts on drift and quality. Stored, it announces what turned to
    // alert; a kind that already was alert was announced when it turned.
    Report r = reports.evaluate(new Window(MonitoredPlatform.MODEL, "production", served.version(), t.from(), t.to()), served);
    assertThat(r.quality().status().json()).isEqualTo("alert");
    store.store(r);
    List<String> consumed = List.of(EventType.MODEL_MONITOR_DRIFT_DETECTED.wireName(),
        EventType.MODEL_MONITOR_QUALITY_DEGRADED.wireName());
    List<EventEnvelope> events = TopicEvents.await(RealParts.kafka().bootstrapServers(), Topics.MONITORING,
        MonitoredPlatform.MODEL, published -> consumed.stream().allMatch(type -> published.stream().anyMatch(e -> e.type().equals(type))),
        Duration.ofSeconds(30));
    Path dir = Path.of(System.getProperty("pact.rootDir", "target/pacts")).resolveSibling("pact-messages")
        .resolve("monitoring-service");
    Files.createDirectories(dir);
    for (String type : consumed) {
      EventEnvelope event = events.stream().filter(e -> e.type().equals(type)).reduce((a, b) -> b).orElseThrow();
      Files.writeString(dir.resolve(type + ".json"), event.toJson());
    }
  }
}
