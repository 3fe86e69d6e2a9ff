package dev.cd4ml.cli.bridge;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.parts.RealParts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data bridge reads of {@code dataset-version.created}: the real {@link DataBridge} takes the
 * pact's message from a real Kafka topic and schedules the model pipeline with its version id.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "data-service", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class DataBridgeContractTest {
  static final String DATASET = "credit-bridge-pact";
  static final String VERSION = "9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

  @TempDir Path state;

  @Pact(consumer = "data-bridge")
  V4Pact versionCreated(PactBuilder builder) {
    return builder.usingLegacyMessageDsl().expectsToReceive("a new dataset version is announced")
        .withContent(newJsonBody(o -> {
          // EventEnvelope.fromJson requires id, occurredAt and source; the bridge remembers handled ids
          o.uuid("id", UUID.fromString("0b8f7c1e-2d3a-4b5c-9d6e-7f8a9b0c1d2e"));
          o.stringValue("type", EventType.DATASET_VERSION_CREATED.wireName());
          o.stringType("occurredAt", "2026-12-01T10:15:30.123Z");
          o.stringType("source", "data-service");
          o.object("payload", p -> {
            p.stringType("dataset", DATASET);
            p.stringMatcher("versionId", "[0-9a-f]{64}", VERSION);
            p.integerType("number", 2);
          });
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "versionCreated")
  void schedulesTheModelPipelineWithTheAnnouncedVersion(MessagePact pact) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        RealParts.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DATASETS, DATASET, pact.getMessages().get(0).contentsAsString())).get();
    }
    List<Map<String, String>> scheduled = new CopyOnWriteArrayList<>();
    try (DataBridge bridge = new DataBridge(RealParts.kafka().bootstrapServers(), "pact-" + UUID.randomUUID(), DATASET,
        "cd4ml-model", (pipeline, variables) -> {
          scheduled.add(variables);
          return PipelineScheduler.Outcome.SCHEDULED;
        }, state.resolve("handled.txt"), new DataBridge.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))) {
      bridge.run(1);
    }
    assertThat(scheduled).containsExactly(Map.of("DATA_VERSION", VERSION));
  }
}
