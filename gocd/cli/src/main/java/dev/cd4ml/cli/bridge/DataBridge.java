package dev.cd4ml.cli.bridge;

import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * "When the data changes, run the pipeline": consumes {@code dataset-version.created} and
 * schedules the model pipeline with {@code DATA_VERSION} set to the new version. Idempotent per
 * event id (ids handled are kept in a file), retries while the scheduler asks to, and commits the
 * Kafka offset only after the event is handled.
 */
public final class DataBridge implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final String dataset;
  private final String pipeline;
  private final PipelineScheduler scheduler;
  private final Path handledFile;
  private final Set<UUID> handled = new HashSet<>();
  private final Duration retryDelay;
  private final int maxAttempts;
  private volatile boolean running = true;

  public DataBridge(String bootstrapServers, String groupId, String dataset, String pipeline, PipelineScheduler scheduler,
      Path handledFile, Duration retryDelay, int maxAttempts) throws IOException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    this.dataset = dataset;
    this.pipeline = pipeline;
    this.scheduler = scheduler;
    this.handledFile = handledFile;
    this.retryDelay = retryDelay;
    this.maxAttempts = maxAttempts;
    if (Files.exists(handledFile)) {
      Files.readAllLines(handledFile).stream().filter(l -> !l.isBlank()).map(UUID::fromString).forEach(handled::add);
    }
    consumer.subscribe(List.of(Topics.DATASETS));
  }

  /** Polls until {@link #close()} or until {@code maxEvents} events were scheduled (0 = forever). */
  public void run(int maxEvents) throws IOException, InterruptedException {
    int scheduled = 0;
    try {
      while (running && (maxEvents == 0 || scheduled < maxEvents)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (handle(record.value())) {
            scheduled++;
          }
        }
        consumer.commitSync();
      }
    } catch (org.apache.kafka.common.errors.WakeupException stopping) {
      // stop() was called
    }
  }

  /** @return true when this event scheduled a pipeline run */
  boolean handle(String json) throws IOException, InterruptedException {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelope.fromJson(json);
    } catch (IllegalArgumentException notAnEnvelope) {
      System.err.println("[bridge] skipped a record that is not an event envelope");
      return false;
    }
    if (!EventType.DATASET_VERSION_CREATED.wireName().equals(envelope.type()) || handled.contains(envelope.id())) {
      return false;
    }
    DatasetVersionCreated created = envelope.payloadAs(DatasetVersionCreated.class);
    if (dataset != null && !dataset.equals(created.dataset())) {
      remember(envelope.id());
      return false;
    }
    Map<String, String> variables = Map.of("DATA_VERSION", created.versionId());
    for (int attempt = 1; attempt <= maxAttempts && running; attempt++) {
      PipelineScheduler.Outcome outcome = scheduler.schedule(pipeline, variables);
      if (outcome == PipelineScheduler.Outcome.SCHEDULED) {
        System.out.printf("[bridge] %s v%d (%s) -> %s scheduled%n", created.dataset(), created.number(), created.versionId(),
            pipeline);
        remember(envelope.id());
        return true;
      }
      if (outcome == PipelineScheduler.Outcome.REJECTED) {
        break;
      }
      Thread.sleep(retryDelay.toMillis() * attempt);
    }
    System.err.printf("[bridge] could not schedule %s for %s v%d; event %s left unhandled%n", pipeline, created.dataset(),
        created.number(), envelope.id());
    remember(envelope.id());
    return false;
  }

  private void remember(UUID id) throws IOException {
    handled.add(id);
    Files.createDirectories(handledFile.toAbsolutePath().getParent());
    Files.writeString(handledFile, id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
