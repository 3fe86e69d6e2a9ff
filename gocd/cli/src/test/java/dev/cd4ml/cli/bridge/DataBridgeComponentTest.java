package dev.cd4ml.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.RealParts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge on a real Kafka broker against an HTTP server standing where GoCD's API is. */
class DataBridgeComponentTest {
  record Seen(String method, String path, Map<String, String> headers, String body) {}

  @TempDir Path state;
  HttpServer gocd;
  final List<Seen> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger conflictsToAnswer = new AtomicInteger(1);

  @BeforeEach
  void gocd() throws Exception {
    gocd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gocd.createContext("/", exchange -> {
      var h = exchange.getRequestHeaders();
      requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.of(
          "Accept", String.valueOf(h.getFirst("Accept")),
          "Authorization", String.valueOf(h.getFirst("Authorization")),
          "Content-Type", String.valueOf(h.getFirst("Content-Type")),
          "X-GoCD-Confirm", String.valueOf(h.getFirst("X-GoCD-Confirm"))),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      // GoCD answers 409 while a run of the pipeline is being scheduled.
      int status = conflictsToAnswer.getAndDecrement() > 0 ? 409 : 202;
      byte[] body = "{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    gocd.start();
  }

  @AfterEach
  void stop() {
    gocd.stop(0);
  }

  @Test
  void schedulesTheModelPipelineOncePerNewVersionWithTheExactRequestGocdExpects() throws Exception {
    String dataset = "bridge-" + UUID.randomUUID();
    String version = "9f2c" + "0".repeat(60);
    EventEnvelope created = EventEnvelope.of(EventType.DATASET_VERSION_CREATED, "data-service",
        new DatasetVersionCreated(dataset, version, 2, 1000, 1, List.of("a".repeat(64)), "upload"));
    EventEnvelope otherDataset = EventEnvelope.of(EventType.DATASET_VERSION_CREATED, "data-service",
        new DatasetVersionCreated(dataset + "-check", "b".repeat(64), 1, 10, 1, List.of(), "upload"));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        RealParts.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DATASETS, dataset, created.toJson())).get();
      producer.send(new ProducerRecord<>(Topics.DATASETS, dataset, otherDataset.toJson())).get();
      // At-least-once delivery: the same event again.
      producer.send(new ProducerRecord<>(Topics.DATASETS, dataset, created.toJson())).get();
    }

    Path handled = state.resolve("handled.txt");
    runBridgeFor(dataset, handled, Duration.ofSeconds(8));

    String expectedBody = "{\"environment_variables\":[{\"name\":\"DATA_VERSION\",\"value\":\"" + version + "\"}],"
        + "\"update_materials_before_scheduling\":true}";
    Seen expected = new Seen("POST", "/go/api/pipelines/cd4ml-model/schedule", Map.of(
        "Accept", "application/vnd.go.cd.v1+json", "Authorization", "Bearer s3cret", "Content-Type", "application/json",
        "X-GoCD-Confirm", "null"), expectedBody);
    // The first answer was 409, so the bridge retried; the duplicate and the other dataset scheduled nothing.
    assertThat(requests).containsExactly(expected, expected);
    assertThat(Files.readAllLines(handled)).contains(created.id().toString());

    // A restarted bridge (new consumer group, reading from the start) does not schedule it again.
    requests.clear();
    runBridgeFor(dataset, handled, Duration.ofSeconds(5));
    assertThat(requests).isEmpty();
  }

  /**
   * GoCD away for a while (configurable: {@code -Dcd4ml.bridge.outage=PT3M} for the three
   * minutes; short by default): first nothing listens, then it hangs, then it answers 503. Versions
   * created meanwhile, a bridge restarted meanwhile, a duplicate delivery and a version GoCD refuses
   * for good: once GoCD is back every version is scheduled, in order, exactly once, the refused one
   * is sent once and not retried.
   */
  @Test
  void everyVersionCreatedWhileGocdIsAwayIsScheduledOnceItIsBack() throws Exception {
    Duration outage = Duration.parse(System.getProperty("cd4ml.bridge.outage", "PT12S"));
    String dataset = "outage-" + UUID.randomUUID();
    String group = "bridge-outage-" + UUID.randomUUID();
    Path handled = state.resolve("handled.txt");
    List<String> versions = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      versions.add(Integer.toString(i).repeat(64));
    }
    String refusedVersion = versions.get(2);
    List<String[]> answered = new CopyOnWriteArrayList<>(); // {version, status} of every request that reached GoCD
    java.util.concurrent.atomic.AtomicBoolean back = new java.util.concurrent.atomic.AtomicBoolean();
    HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String version = versions.stream().filter(body::contains).findFirst().orElse("?");
      // 422 is what GoCD answers for a variable the pipeline does not declare: no retry can fix it.
      int status = !back.get() ? 503 : version.equals(refusedVersion) ? 422 : 202;
      answered.add(new String[] {version, Integer.toString(status)});
      byte[] answer = "{\"message\":\"...\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    flaky.start();
    FaultProxy gocdAddress = new FaultProxy("gocd", "127.0.0.1", flaky.getAddress().getPort(), 0);
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        RealParts.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      List<EventEnvelope> events = new java.util.ArrayList<>();
      for (int i = 0; i < versions.size(); i++) {
        events.add(EventEnvelope.of(EventType.DATASET_VERSION_CREATED, "data-service",
            new DatasetVersionCreated(dataset, versions.get(i), i + 1, 100, 1, List.of(), "upload")));
      }
      String url = "http://127.0.0.1:" + gocdAddress.port(); // nothing listens there yet: connection refused
      RunningBridge first = new RunningBridge(group, dataset, handled, url);
      send(producer, dataset, events.get(0));
      sleepUntil(start, outage.dividedBy(4));
      send(producer, dataset, events.get(1));
      sleepUntil(start, outage.dividedBy(3));
      // Each phase lasts its share of the outage and at least until the bridge has met it.
      await("the bridge found nothing listening, twice", () -> first.bridge.stats().retries() >= 2);
      assertThat(answered).isEmpty();
      gocdAddress.start();
      gocdAddress.stall(); // accepts connections, answers nothing: each attempt ends in its timeout
      sleepUntil(start, outage.dividedBy(2));
      // The bridge is stopped and started again while GoCD is still away: nothing was handled, nothing is lost.
      first.close();
      assertThat(first.bridge.stats().scheduled()).isZero();
      assertThat(first.bridge.stats().retries()).isPositive();
      try (RunningBridge second = new RunningBridge(group, dataset, handled, url)) {
        send(producer, dataset, events.get(2));
        send(producer, dataset, events.get(3));
        sleepUntil(start, outage.multipliedBy(2).dividedBy(3));
        await("the restarted bridge tried the first version again", () -> second.bridge.stats().retries() >= 1);
        long failedBefore = second.bridge.stats().retries();
        gocdAddress.heal(); // reachable, failing: 503
        send(producer, dataset, events.get(1)); // delivered twice
        sleepUntil(start, outage.multipliedBy(9).dividedBy(10));
        await("two attempts answered 503", () -> second.bridge.stats().retries() >= failedBefore + 2);
        send(producer, dataset, events.get(4));
        sleepUntil(start, outage);
        assertThat(answered).as("GoCD answered 503 while failing, and was asked again").isNotEmpty()
            .allMatch(a -> a[1].equals("503"));
        back.set(true);

        await("four versions accepted", () -> accepted(answered).size() >= 4);
        Thread.sleep(3000); // time for a duplicate or a retry of the refused version to show
        assertThat(accepted(answered)).containsExactly(versions.get(0), versions.get(1), versions.get(3), versions.get(4));
        assertThat(answered.stream().filter(a -> a[0].equals(refusedVersion)).map(a -> a[1]))
            .as("refused for good: asked once, not retried").containsExactly("422");
        assertThat(second.bridge.stats().scheduled()).isEqualTo(4);
        assertThat(second.bridge.stats().refused()).isEqualTo(1);
      }
      // Handled means handled: a bridge of the same group after all this has nothing left to do.
      answered.clear();
      try (RunningBridge third = new RunningBridge(group, dataset, handled, url)) {
        Thread.sleep(3000);
      }
      assertThat(answered).isEmpty();
    } finally {
      gocdAddress.heal();
      gocdAddress.stop();
      flaky.stop(0);
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private static List<String> accepted(List<String[]> answered) {
    return answered.stream().filter(a -> a[1].equals("202")).map(a -> a[0]).toList();
  }

  private static void send(KafkaProducer<String, String> producer, String key, EventEnvelope event) throws Exception {
    producer.send(new ProducerRecord<>(Topics.DATASETS, key, event.toJson())).get();
  }

  private static void sleepUntil(long startNanos, Duration at) throws InterruptedException {
    long left = startNanos + at.toNanos() - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private void runBridgeFor(String dataset, Path handled, Duration duration) throws Exception {
    try (RunningBridge bridge = new RunningBridge("bridge-test-" + UUID.randomUUID(), dataset, handled,
        "http://127.0.0.1:" + gocd.getAddress().getPort())) {
      Thread.sleep(duration.toMillis());
    }
  }

  /** A bridge polling on its own thread until closed; short backoff and request timeout for the test. */
  static final class RunningBridge implements AutoCloseable {
    final DataBridge bridge;
    final Thread worker;

    RunningBridge(String group, String dataset, Path handled, String gocdUrl) throws Exception {
      bridge = new DataBridge(RealParts.kafka().bootstrapServers(), group, dataset, "cd4ml-model",
          new GoCdScheduler(gocdUrl, "s3cret", Duration.ofSeconds(1)), handled,
          new DataBridge.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
      worker = new Thread(() -> {
        try {
          bridge.run(0);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "bridge-" + group);
      worker.start();
    }

    @Override
    public void close() throws InterruptedException {
      bridge.stop();
      worker.join(10_000);
      assertThat(worker.isAlive()).as("the bridge stops when asked").isFalse();
      bridge.close();
    }
  }
}
