package dev.cd4ml.data.api;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.objectstore.ObjectStore;
import javax.sql.DataSource;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.arc.Arc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** What a test can see of the real parts: objects in S3, rows in PostgreSQL, events on Kafka. */
final class Stored {
  private Stored() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ObjectStore store() {
    return Arc.container().instance(ObjectStore.class).get();
  }

  /** Keys of every object under {@code <dataset>/}. */
  static List<String> objects(String dataset) throws Exception {
    ObjectStore store = store();
    List<String> keys = new ArrayList<>();
    for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket(store.bucket())
        .prefix(dataset + "/").recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  static long count(String sql, Object... args) throws Exception {
    DataSource ds = Arc.container().instance(DataSource.class).get();
    try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static long versionRows(String dataset) throws Exception {
    return count("select count(*) from dataset_version where dataset = ?", dataset);
  }

  static long outboxRows(String dataset) throws Exception {
    return count("select count(*) from cd4ml_outbox where event_key = ?", dataset);
  }

  /**
   * Every event on the datasets topic keyed by {@code dataset}, read from the beginning; waits
   * until {@code expected} have arrived, or the full {@code wait} when fewer arrive (to prove absence).
   */
  static List<EventEnvelope> events(String dataset, int expected, Duration wait) {
    String kafka = RealParts.kafka().bootstrapServers();
    long deadline = System.nanoTime() + wait.toNanos();
    List<EventEnvelope> events = TopicEvents.read(kafka, Topics.DATASETS, dataset);
    while ((expected == 0 || events.size() < expected) && System.nanoTime() < deadline) {
      pause(200);
      events = TopicEvents.read(kafka, Topics.DATASETS, dataset);
    }
    if (expected > 0 && events.size() >= expected) {
      pause(1500); // a little longer, so a duplicate would show up
      events = TopicEvents.read(kafka, Topics.DATASETS, dataset);
    }
    return events;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
