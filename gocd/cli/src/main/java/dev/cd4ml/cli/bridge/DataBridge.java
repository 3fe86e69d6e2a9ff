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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * "When the data changes, run the pipeline": consumes {@code dataset-version.created} and
 * schedules the model pipeline with {@code DATA_VERSION} set to the new version.
 *
 * <p>No lost trigger: an event is handled only when the scheduler accepted it or refused it for good;
 * while GoCD is unreachable or failing the bridge retries it with a capped exponential backoff, for
 * as long as that lasts, and the events after it wait in order. The Kafka offset of an event is
 * committed only once it is handled, so a bridge stopped meanwhile picks it up again. Idempotent per
 * event id (the ids handled are kept in a file), so a redelivered event schedules nothing twice.
 */
public final class DataBridge implements AutoCloseable {
  /** How long to wait before retrying: {@code initial}, doubled after every failed attempt, at most {@code max}. */
  public record Backoff(Duration initial, Duration max) {
    public Backoff {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
      }
    }

    Duration after(Duration delay) {
      Duration doubled = delay.multipliedBy(2);
      return doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  /** What the bridge did since it started. */
  public record Stats(long scheduled, long refused, long retries) {}

  private enum Handled { SCHEDULED, REFUSED, SKIPPED, STOPPED }

  private final KafkaConsumer<String, String> consumer;
  private final Set<String> datasets;
  private final String pipeline;
  private final PipelineScheduler scheduler;
  private final Path handledFile;
  private final Set<UUID> handled = new HashSet<>();
  private final Backoff backoff;
  private final AtomicLong scheduled = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile boolean running = true;

  public DataBridge(String bootstrapServers, String groupId, String dataset, String pipeline, PipelineScheduler scheduler,
      Path handledFile, Backoff backoff) throws IOException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    // null: every dataset; else a comma-separated list
    this.datasets = dataset == null || dataset.isBlank() ? null : Set.of(dataset.trim().split("\\s*,\\s*"));
    this.pipeline = pipeline;
    this.scheduler = scheduler;
    this.handledFile = handledFile;
    this.backoff = backoff;
    if (Files.exists(handledFile)) {
      Files.readAllLines(handledFile).stream().filter(l -> !l.isBlank()).map(UUID::fromString).forEach(handled::add);
    }
    consumer.subscribe(List.of(Topics.DATASETS));
  }

  /** Polls until {@link #stop()} or until {@code maxEvents} events were scheduled (0 = forever). */
  public void run(int maxEvents) throws IOException {
    int count = 0;
    try {
      while (running && (maxEvents == 0 || count < maxEvents)) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<String, String> record : records.records(partition)) {
            Handled h = handle(record.value());
            if (h == Handled.STOPPED) {
              return; // not handled: its offset stays uncommitted, the next bridge starts with it
            }
            commit(partition, record.offset() + 1);
            if (h == Handled.SCHEDULED) {
              count++;
            }
          }
        }
      }
    } catch (WakeupException stopping) {
      // stop() was called
    }
  }

  private void commit(TopicPartition partition, long next) {
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
    } catch (WakeupException stopping) {
      throw stopping;
    } catch (KafkaException e) {
      // e.g. the partition moved to another consumer: it gets the event again, whose id is handled
      System.err.printf("[bridge] could not commit %s@%d: %s%n", partition, next, e.getMessage());
    }
  }

  private Handled handle(String json) throws IOException {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelope.fromJson(json);
    } catch (IllegalArgumentException notAnEnvelope) {
      System.err.println("[bridge] skipped a record that is not an event envelope");
      return Handled.SKIPPED;
    }
    if (!EventType.DATASET_VERSION_CREATED.wireName().equals(envelope.type()) || handled.contains(envelope.id())) {
      return Handled.SKIPPED;
    }
    DatasetVersionCreated created = envelope.payloadAs(DatasetVersionCreated.class);
    // Following every dataset, a derived version (a check set held out of another) is no new data to train on.
    if (datasets != null ? !datasets.contains(created.dataset()) : "derived".equals(created.source())) {
      remember(envelope.id());
      return Handled.SKIPPED;
    }
    Map<String, String> variables = Map.of("DATA_VERSION", created.versionId());
    Duration delay = backoff.initial();
    for (int attempt = 1; running; attempt++) {
      PipelineScheduler.Outcome outcome = scheduler.schedule(pipeline, variables);
      if (outcome == PipelineScheduler.Outcome.SCHEDULED) {
        System.out.printf("[bridge] %s v%d (%s) -> %s scheduled%s%n", created.dataset(), created.number(),
            created.versionId(), pipeline, attempt > 1 ? " after " + attempt + " attempts" : "");
        scheduled.incrementAndGet();
        remember(envelope.id());
        return Handled.SCHEDULED;
      }
      if (outcome == PipelineScheduler.Outcome.REJECTED) {
        System.err.printf("[bridge] %s refused %s v%d (%s) for good; event %s handled without a run (%d refused so far)%n",
            pipeline, created.dataset(), created.number(), created.versionId(), envelope.id(), refused.incrementAndGet());
        remember(envelope.id());
        return Handled.REFUSED;
      }
      retries.incrementAndGet();
      System.err.printf("[bridge] %s v%d not scheduled yet (attempt %d); next attempt in %d ms%n", created.dataset(),
          created.number(), attempt, delay.toMillis());
      await(delay);
      delay = backoff.after(delay);
    }
    return Handled.STOPPED;
  }

  /**
   * Waits without leaving the consumer group: a wait longer than {@code max.poll.interval.ms} outside
   * poll() would cost the partitions. Paused partitions return no records; a partition newly assigned
   * meanwhile may, and is rewound so that nothing is skipped.
   */
  private void await(Duration delay) {
    long end = System.nanoTime() + delay.toNanos();
    consumer.pause(consumer.assignment());
    try {
      while (running) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          break;
        }
        ConsumerRecords<String, String> unexpected = consumer.poll(Duration.ofNanos(left));
        for (TopicPartition p : unexpected.partitions()) {
          consumer.seek(p, unexpected.records(p).get(0).offset());
          consumer.pause(List.of(p));
        }
      }
    } finally {
      consumer.resume(consumer.paused());
    }
  }

  private void remember(UUID id) throws IOException {
    handled.add(id);
    Files.createDirectories(handledFile.toAbsolutePath().getParent());
    Files.writeString(handledFile, id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public Stats stats() {
    return new Stats(scheduled.get(), refused.get(), retries.get());
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(10)); // time to leave the group: a successor then joins at once
  }
}
