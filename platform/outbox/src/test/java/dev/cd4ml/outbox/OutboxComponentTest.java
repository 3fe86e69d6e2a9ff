package dev.cd4ml.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The outbox against a real PostgreSQL and a real Kafka broker that goes away and comes back. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres"), @ResourceArg(name = "database", value = "outbox")})
class OutboxComponentTest {

  @Inject Outbox outbox;
  @Inject OutboxRelay relay;
  @Inject ProcessedEvents processed;

  @Test
  void eventsWrittenWhileKafkaIsDownArriveOnceAfterItReturns() throws Exception {
    String dataset = "outage-" + UUID.randomUUID();
    List<UUID> ids = new ArrayList<>();
    RealParts.kafka().stop();
    try {
      for (int i = 1; i <= 3; i++) {
        int number = i;
        ids.add(QuarkusTransaction.requiringNew().call(() -> outbox.publish(EventType.DATASET_VERSION_CREATED,
            "test", dataset, new DatasetVersionCreated(dataset, "sha" + number, number, 10, 1, List.of(), "upload")).id()));
      }
      // The relay keeps trying against the stopped broker: nothing is marked sent.
      Thread.sleep(2000);
      assertThat(relay.pendingCount()).isGreaterThanOrEqualTo(3);
    } finally {
      RealParts.kafka().start();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> relay.pendingCount() == 0);

    // An idempotent consumer (claims each id through ProcessedEvents) handles each event exactly once,
    // even when it reads the topic twice as after a rebalance or a relay re-send.
    Map<UUID, Integer> handled = new HashMap<>();
    for (int pass = 0; pass < 2; pass++) {
      for (EventEnvelope envelope : readAll(dataset, 3)) {
        boolean first = QuarkusTransaction.requiringNew().call(() -> processed.firstDelivery("outbox-test", envelope.id()));
        if (first) {
          handled.merge(envelope.id(), 1, Integer::sum);
        }
      }
    }
    assertThat(handled).containsOnlyKeys(ids);
    assertThat(handled.values()).containsOnly(1);
  }

  @Test
  void rolledBackChangeSendsNothing() throws Exception {
    String dataset = "rollback-" + UUID.randomUUID();
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        outbox.publish(EventType.DATASET_VERSION_CREATED, "test", dataset,
            new DatasetVersionCreated(dataset, "sha", 1, 1, 1, List.of(), "upload"));
        throw new IllegalStateException("the change failed");
      });
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }
    String committed = "committed-" + UUID.randomUUID();
    QuarkusTransaction.requiringNew().run(() -> outbox.publish(EventType.DATASET_VERSION_CREATED, "test", committed,
        new DatasetVersionCreated(committed, "sha", 1, 1, 1, List.of(), "upload")));
    // Once the later event is on the topic, the rolled-back one would have been too.
    assertThat(readAll(committed, 1)).hasSize(1);
    assertThat(readAll(dataset, 0)).isEmpty();
  }

  @Test
  void publishOutsideATransactionIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> outbox.publish(EventType.DATASET_VERSION_CREATED,
        "test", "x", new DatasetVersionCreated("x", "sha", 1, 1, 1, List.of(), "upload")));
  }

  /** Reads the whole topic from the start and keeps the events whose key is {@code key}. */
  private static List<EventEnvelope> readAll(String key, int atLeast) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealParts.kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<EventEnvelope> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.DATASETS));
      long deadline = System.currentTimeMillis() + (atLeast == 0 ? 3000 : 30000);
      while (System.currentTimeMillis() < deadline && (atLeast == 0 || found.size() < atLeast)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(r.key())) {
            found.add(EventEnvelope.fromJson(r.value()));
          }
        }
      }
    }
    return found;
  }
}
