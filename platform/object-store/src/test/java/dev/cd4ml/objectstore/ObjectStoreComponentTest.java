package dev.cd4ml.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.S3Part;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store against a real S3 server (S3Proxy): what data-service and registry-service rely on. */
class ObjectStoreComponentTest {
  private static final S3Part S3 = new S3Part(null, 0);

  @BeforeAll
  static void start() throws Exception {
    S3.start();
  }

  @AfterAll
  static void stop() {
    S3.stop();
  }

  private static ObjectStore store(String bucket) {
    return new ObjectStore(S3.endpoint(), S3.accessKey(), S3.secretKey(), bucket);
  }

  @Test
  void readinessCreatesAMissingBucketAndReportsWhere() {
    ObjectStore store = store("ready-bucket");
    HealthCheckResponse ready = new ObjectStoreHealthCheck(store).call();
    assertEquals(HealthCheckResponse.Status.UP, ready.getStatus());
    assertEquals("s3", ready.getName());
    assertEquals(Map.of("endpoint", S3.endpoint(), "bucket", "ready-bucket"), ready.getData().orElseThrow());
  }

  @Test
  void storesStreamsOfKnownAndUnknownLengthWithMetadata() throws Exception {
    ObjectStore store = store("objects");
    store.ensureBucket();
    byte[] bytes = "id,income\n1,42000\n".getBytes(StandardCharsets.UTF_8);
    store.put("known.csv", new ByteArrayInputStream(bytes), bytes.length, "text/csv", Map.of("rows", "1"));
    store.put("unknown.csv", new ByteArrayInputStream(bytes), -1, "text/csv", null);
    for (String key : new String[] {"known.csv", "unknown.csv"}) {
      try (InputStream in = store.get(key)) {
        assertArrayEquals(bytes, in.readAllBytes(), key);
      }
      assertEquals(bytes.length, store.stat(key).orElseThrow().size(), key);
    }
    assertEquals("1", store.stat("known.csv").orElseThrow().userMetadata().get("rows"));
    assertEquals("s3://objects/known.csv", store.uri("known.csv"));

    store.remove("known.csv");
    assertTrue(store.stat("known.csv").isEmpty());
  }

  @Test
  void readinessIsDownWithTheReasonWhileTheServerIsAwayAndHealsAfter() throws Exception {
    ObjectStore store = store("healing");
    S3.stop();
    try {
      HealthCheckResponse down = new ObjectStoreHealthCheck(store).call();
      assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
      assertFalse(String.valueOf(down.getData().orElseThrow().get("error")).isBlank());
    } finally {
      S3.start();
    }
    assertEquals(HealthCheckResponse.Status.UP, new ObjectStoreHealthCheck(store).call().getStatus());
  }

  @Test
  void aHungServerEndsEachCallWithinItsTimeoutNotTheClientsFiveMinutes() throws Exception {
    FaultProxy proxy = new FaultProxy("s3-hang", "127.0.0.1", java.net.URI.create(S3.endpoint()).getPort(), 0);
    proxy.start();
    Duration second = Duration.ofSeconds(1);
    ObjectStore store = new ObjectStore("http://127.0.0.1:" + proxy.port(), S3.accessKey(), S3.secretKey(), "hung",
        new ObjectStore.Timeouts(second, second, second, second));
    try {
      store.ensureBucket();
      proxy.stall();
      byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
      long started = System.nanoTime();
      assertThrows(Exception.class, () -> store.put("k.csv", new ByteArrayInputStream(bytes), bytes.length,
          "text/csv", null));
      long putMs = (System.nanoTime() - started) / 1_000_000;
      assertTrue(putMs < 4000, "put on a hung server took " + putMs + " ms");
      started = System.nanoTime();
      HealthCheckResponse down = new ObjectStoreHealthCheck(store).call();
      long healthMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
      assertTrue(healthMs < 3000, "health on a hung server took " + healthMs + " ms");
      proxy.heal();
      store.put("k.csv", new ByteArrayInputStream(bytes), bytes.length, "text/csv", null);
      assertEquals(HealthCheckResponse.Status.UP, new ObjectStoreHealthCheck(store).call().getStatus());
    } finally {
      proxy.heal();
      proxy.stop();
    }
  }
}
