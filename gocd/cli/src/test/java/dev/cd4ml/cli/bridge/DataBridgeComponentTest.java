package dev.cd4ml.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
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

  private void runBridgeFor(String dataset, Path handled, Duration duration) throws Exception {
    try (DataBridge bridge = new DataBridge(RealParts.kafka().bootstrapServers(), "bridge-test-" + UUID.randomUUID(), dataset,
        "cd4ml-model", new GoCdScheduler("http://127.0.0.1:" + gocd.getAddress().getPort(), "s3cret"), handled,
        Duration.ofMillis(200), 5)) {
      Thread worker = new Thread(() -> {
        try {
          bridge.run(0);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      worker.start();
      Thread.sleep(duration.toMillis());
      bridge.stop();
      worker.join(5000);
    }
  }
}
