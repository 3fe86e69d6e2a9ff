package dev.cd4ml.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to Kafka in order, marking each sent once the broker acknowledged it.
 * While Kafka is down rows wait; a crash between the acknowledgement and the mark re-sends that
 * row (at least once), which consumers absorb by deduplicating on the envelope id.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final EntityManager em;
  private final OutboxConfig config;
  private final String bootstrapServers;
  private final Semaphore wakeUp = new Semaphore(0);
  private final AtomicLong pending = new AtomicLong();
  private final Counter relayed;
  private final Counter failures;
  private volatile boolean running;
  private volatile Thread worker;
  private Producer<String, String> producer;

  public OutboxRelay(EntityManager em, OutboxConfig config, MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.em = em;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.relayed = Counter.builder("cd4ml.outbox.relayed").description("Events relayed to Kafka").register(registry);
    this.failures = Counter.builder("cd4ml.outbox.failures").description("Failed relay attempts").register(registry);
    Gauge.builder("cd4ml.outbox.pending", pending, AtomicLong::get).description("Unsent events seen at the last pass")
        .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.relayEnabled()) {
      LOG.info("outbox relay disabled");
      return;
    }
    running = true;
    worker = new Thread(this::loop, "outbox-relay");
    worker.setDaemon(true);
    worker.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    wake();
    Thread t = worker;
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
  }

  /** Called after a transaction with outbox rows commits. */
  public void wake() {
    wakeUp.release();
  }

  /** Number of events not yet acknowledged by Kafka. */
  public long pendingCount() {
    return QuarkusTransaction.requiringNew().call(() -> em
        .createQuery("select count(o) from OutboxRecord o where o.sentAt is null", Long.class).getSingleResult());
  }

  private void loop() {
    long backoffMs = 0;
    while (running) {
      try {
        if (backoffMs > 0) {
          wakeUp.tryAcquire(backoffMs, TimeUnit.MILLISECONDS);
        }
        int sent;
        do {
          sent = relayBatch();
        } while (sent == config.batchSize() && running);
        backoffMs = 0;
        wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failures.increment();
        backoffMs = Math.min(Math.max(backoffMs * 2, 250), config.maxBackoff().toMillis());
        LOG.debugf("outbox relay waits %d ms: %s", backoffMs, e.getMessage());
      }
    }
  }

  private record Row(long seq, String topic, String key, String type, String id, String envelope) {}

  private record Pass(int sent, Exception failure, String failedId) {}

  /** Relays one batch; returns how many rows were marked sent, throws after marking when one failed. */
  int relayBatch() throws Exception {
    Pass pass = QuarkusTransaction.requiringNew().timeout(60).call(() -> {
      @SuppressWarnings("unchecked")
      List<Object[]> rows = em.createNativeQuery(
              "select seq, topic, event_key, event_type, cast(id as text), envelope from cd4ml_outbox "
                  + "where sent_at is null order by seq limit ?1 for update skip locked")
          .setParameter(1, config.batchSize())
          .getResultList();
      pending.set(rows.size());
      if (rows.isEmpty()) {
        return new Pass(0, null, null);
      }
      List<Row> batch = new ArrayList<>(rows.size());
      List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        Row row = new Row(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5]);
        batch.add(row);
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.envelope());
        record.headers().add("event-type", row.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", row.id().getBytes(StandardCharsets.UTF_8));
        acks.add(producer().send(record));
      }
      // Mark the acknowledged prefix; stop at the first failure so order is kept on retry.
      int sent = 0;
      Exception failure = null;
      for (int i = 0; i < batch.size(); i++) {
        try {
          acks.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          failure = e;
          break;
        }
        sent++;
      }
      if (sent > 0) {
        em.createNativeQuery("update cd4ml_outbox set sent_at = now(), attempts = attempts + 1 where sent_at is null and seq <= ?1")
            .setParameter(1, batch.get(sent - 1).seq())
            .executeUpdate();
        relayed.increment(sent);
        pending.addAndGet(-sent);
      }
      if (failure != null) {
        em.createNativeQuery("update cd4ml_outbox set attempts = attempts + 1, last_error = ?2 where seq = ?1")
            .setParameter(1, batch.get(sent).seq())
            .setParameter(2, String.valueOf(failure.getMessage()))
            .executeUpdate();
        return new Pass(sent, failure, batch.get(sent).id());
      }
      return new Pass(sent, null, null);
    });
    if (pass.failure() != null) {
      // Thrown after the commit, so the acknowledged prefix stays marked.
      throw new IllegalStateException("Kafka did not acknowledge event " + pass.failedId(), pass.failure());
    }
    return pass.sent();
  }

  private synchronized Producer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
          // Fail fast while the broker is away; the row stays and is retried.
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.sendTimeout().toMillis(), 5500),
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()),
          new StringSerializer(), new StringSerializer());
    }
    return producer;
  }
}
