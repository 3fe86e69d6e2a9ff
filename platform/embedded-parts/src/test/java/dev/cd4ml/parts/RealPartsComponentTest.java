package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.junit.jupiter.api.io.TempDir;

/** Each real part answers its own protocol, through the client the services use for it. */
class RealPartsComponentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void kafkaCarriesAMessageFromProducerToConsumerGroup() throws Exception {
        String topic = "parts-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(RealParts.kafka().bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello kafka")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("hello kafka"), consume(RealParts.kafka().bootstrapServers(), topic, 1));
    }

    @Test
    void s3StoresListsAndReturnsObjects() throws Exception {
        S3Part s3 = RealParts.s3();
        MinioClient minio = MinioClient.builder()
            .endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).region("us-east-1").build();
        String bucket = "parts-" + UUID.randomUUID();
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        byte[] body = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        for (String key : List.of("datasets/v1.csv", "datasets/v2.csv")) {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(body), body.length, -1).contentType("text/csv").build());
        }
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object("datasets/v2.csv").build())) {
            assertEquals("a,b\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("datasets/").build())) {
            keys.add(item.get().objectName());
        }
        assertEquals(List.of("datasets/v1.csv", "datasets/v2.csv"), keys);
    }

    @Test
    void postgresAnswersSqlInACreatedDatabase() throws Exception {
        PostgresPart postgres = RealParts.postgres();
        postgres.createDatabaseIfMissing("parts_test");
        postgres.createDatabaseIfMissing("parts_test"); // idempotent
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("parts_test"), postgres.username(), postgres.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS model (id bigserial PRIMARY KEY, name text NOT NULL, payload jsonb)");
            s.execute("INSERT INTO model (name, payload) VALUES ('churn', '{\"auc\": 0.91}')");
            try (ResultSet rs = s.executeQuery("SELECT name, payload->>'auc', version() FROM model")) {
                assertTrue(rs.next());
                assertEquals("churn", rs.getString(1));
                assertEquals("0.91", rs.getString(2));
                assertTrue(rs.getString(3).startsWith("PostgreSQL"), rs.getString(3));
            }
        }
    }

    @Test
    void forwardReceiverGetsEventsFromFluencyWithAcks() throws Exception {
        ForwardReceiver forward = RealParts.forward();
        FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
        builder.setAckResponseMode(true); // fluency then waits for {ack: chunk} before dropping a chunk
        builder.setSenderMaxRetryCount(2);
        try (Fluency fluency = builder.build("127.0.0.1", forward.port())) {
            fluency.emit("cd4ml.test.fluency", Map.of("model", "churn", "version", 3, "score", 0.5));
            fluency.emit("cd4ml.test.fluency", Map.of("model", "churn", "version", 3, "score", 0.7));
            fluency.flush();
            assertTrue(fluency.waitUntilAllBufferFlushed(10), "fluency saw no ack");
        }
        List<ForwardReceiver.Record> records = forward.awaitRecords("cd4ml.test.fluency", 2, Duration.ofSeconds(10));
        assertEquals(List.of(0.5, 0.7), records.stream().map(r -> r.fields().get("score")).toList());
        assertEquals(3L, records.get(0).fields().get("version"));
    }

    @Test
    void forwardReceiverAcksAPackedForwardChunk() throws Exception {
        ForwardReceiver forward = RealParts.forward();
        String chunk = UUID.randomUUID().toString();
        byte[] entries = ForwardProtocolTest.entries();
        byte[] message;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("cd4ml.test.packed").packBinaryHeader(entries.length).writePayload(entries);
            p.packMapHeader(2).packString("size").packInt(2).packString("chunk").packString(chunk);
            message = p.toByteArray();
        }
        try (Socket socket = new Socket("127.0.0.1", forward.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            try (MessageUnpacker reply = MessagePack.newDefaultUnpacker(socket.getInputStream())) {
                assertEquals("{\"ack\":\"" + chunk + "\"}", reply.unpackValue().toJson());
            }
        }
        // The ack comes after the records are stored: they are there without waiting.
        assertEquals(2, forward.awaitRecords("cd4ml.test.packed", 2, Duration.ZERO).size());
    }

    @Test
    void aReceiverThatRetainsNothingStillDecodesCountsAndFeedsItsSinks() throws Exception {
        ForwardReceiver forward = new ForwardReceiver(0, 0);
        List<ForwardReceiver.Record> sunk = new java.util.concurrent.CopyOnWriteArrayList<>();
        forward.onRecord(sunk::add);
        forward.start();
        try {
            FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
            builder.setAckResponseMode(true);
            try (Fluency fluency = builder.build("127.0.0.1", forward.port())) {
                for (int i = 0; i < 3; i++) {
                    fluency.emit("cd4ml.test.count", Map.of("i", i));
                }
                fluency.flush();
                assertTrue(fluency.waitUntilAllBufferFlushed(10), "fluency saw no ack");
            }
            assertEquals(3, forward.receivedCount());
            assertEquals(List.of(0L, 1L, 2L), sunk.stream().map(r -> r.fields().get("i")).toList());
            assertEquals(List.of(), forward.records());
        } finally {
            forward.stop();
        }
    }

    @Test
    void aSpoolingReceiverAcksWhatItSpooledWhileItsSinkIsStuckAndHandsItAllOnLater(@TempDir Path dir) throws Exception {
        ForwardReceiver forward = new ForwardReceiver(0, 0);
        forward.spoolTo(dir, () -> false, ForwardSpool.MAX_DEFERRAL_MILLIS);
        java.util.concurrent.CountDownLatch unstuck = new java.util.concurrent.CountDownLatch(1);
        List<Long> sunk = new java.util.concurrent.CopyOnWriteArrayList<>();
        forward.onRecord(r -> {
            try {
                unstuck.await(); // an OpenSearch that does not keep up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sunk.add((Long) r.fields().get("i"));
        });
        forward.start();
        try {
            FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
            builder.setAckResponseMode(true);
            try (Fluency fluency = builder.build("127.0.0.1", forward.port())) {
                for (int i = 0; i < 2000; i++) {
                    fluency.emit("cd4ml.test.spool", Map.of("i", i, "model", "churn"));
                }
                fluency.flush();
                assertTrue(fluency.waitUntilAllBufferFlushed(10), "every chunk acked while the sink is stuck");
            }
            assertTrue(sunk.isEmpty());
            unstuck.countDown();
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                 forward.receivedCount() < 2000 && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
            }
            assertEquals(java.util.stream.LongStream.range(0, 2000).boxed().toList(), sunk);
            assertEquals(2000, forward.receivedCount());
        } finally {
            forward.stop();
        }
    }

    @Test
    void openSearchIndexesAndSearches() throws Exception {
        String url = RealParts.openSearch().httpUrl();
        String index = "parts-" + UUID.randomUUID();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_doc/1?refresh=true"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"model\":\"churn\",\"prediction\":\"yes\",\"score\":0.8}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        // Single node, no replicas by default: indices are green, not yellow.
        JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_cluster/health/" + index)).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("green", health.path("status").asText(), health.toString());
        JsonNode hits = search(url, index, "{\"query\":{\"match\":{\"prediction\":\"yes\"}}}");
        assertEquals(1, hits.path("total").path("value").asInt(), hits.toString());
        assertEquals("churn", hits.path("hits").path(0).path("_source").path("model").asText());
    }

    /**
     * The local platform's log path: PartMain forward --opensearch-url, fed over the forward protocol,
     * with the index templates it was given put first.
     */
    @Test
    void partMainForwardPutsIndexTemplatesAndIndexesPredictionsIntoOpenSearch(@TempDir Path dir) throws Exception {
        String url = RealParts.openSearch().httpUrl();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("parts-test-predictions.index-template.json"), """
            {"index_patterns": ["cd4ml-predictions-*"], "priority": 100,
             "template": {"mappings": {"properties": {"request_id": {"type": "keyword"}}}}}""");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", System.getProperty("java.class.path"), PartMain.class.getName(),
            "forward", "--port", "0", "--dir", dir.toString(), "--opensearch-url", url, "--busy-share", "1",
            "--index-templates", templates.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = stdout.readLine();
            assertTrue(ready != null && ready.startsWith("READY forward 127.0.0.1:"), "got: " + ready);
            int port = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_index_template/parts-test-predictions")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "template put before READY");

            String requestId = UUID.randomUUID().toString();
            FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
            builder.setAckResponseMode(true);
            try (Fluency fluency = builder.build("127.0.0.1", port)) {
                fluency.emit("cd4ml.prediction", Map.of("request_id", requestId, "model", "churn", "prediction", "yes"));
                fluency.emit("cd4ml.debug", Map.of("request_id", requestId)); // not indexed
                fluency.flush();
                assertTrue(fluency.waitUntilAllBufferFlushed(10), "fluency saw no ack");
            }
            String index = "cd4ml-predictions-" + java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
            // request_id is a keyword by the template (dynamic mapping would make it text with a .keyword)
            String query = "{\"query\":{\"term\":{\"request_id\":\"" + requestId + "\"}}}";
            JsonNode hits = awaitHits(url, index, query, 1);
            assertEquals(1, hits.path("total").path("value").asInt(), String.valueOf(hits));
            assertTrue(hits.path("hits").path(0).path("_source").has("@timestamp"));
        } finally {
            child.destroy(); // SIGTERM: the shutdown hook stops the receiver
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "PartMain did not stop on SIGTERM");
        }
    }

    @Test
    void bulkIndexerIndexesAtMostItsRateAndHoldsTheSenderBackInsteadOfDropping() throws Exception {
        String url = RealParts.openSearch().httpUrl();
        Instant day = Instant.parse("2001-02-03T04:05:06Z"); // an index of this test's own
        BulkIndexer indexer = new BulkIndexer(url, 10, 30); // 10 a second, 30 waiting at most
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                indexer.accept(new ForwardReceiver.Record("cd4ml.feedback", day, Map.of("i", (long) i)));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // 30 fit at once and the first bulk takes 10 at once; the other 20 only as bulks of 10 a second
            // make room. Draining everything waiting at each bulk would have taken all 60 at once.
            assertTrue(seconds >= 1.8, "60 records were accepted in " + seconds + " s");
            JsonNode hits = awaitHits(url, "cd4ml-feedback-2001.02.03", "{\"query\":{\"match_all\":{}}}", 60);
            assertEquals(60, hits.path("total").path("value").asInt(), "nothing dropped: " + hits);
        } finally {
            indexer.close();
        }
    }

    @Test
    void bulkIndexerIndexesARecordSentAgainOnceUnderItsRequestId() throws Exception {
        String url = RealParts.openSearch().httpUrl();
        Instant day = Instant.parse("2001-02-05T04:05:06Z");
        BulkIndexer indexer = new BulkIndexer(url, 100, 100);
        try {
            Map<String, Object> prediction = Map.of("requestId", "r-1", "model", "m", "prediction", "yes");
            Map<String, Object> first = Map.of("requestId", "r-1", "actual", "no", "timestamp", "2001-02-05T04:05:06Z");
            Map<String, Object> later = Map.of("requestId", "r-1", "actual", "yes", "timestamp", "2001-02-05T05:05:06Z");
            // A forwarder that timed out sends the same records again: each lands once; a second feedback is its own.
            for (int i = 0; i < 3; i++) {
                indexer.accept(new ForwardReceiver.Record("cd4ml.prediction", day, prediction));
                indexer.accept(new ForwardReceiver.Record("cd4ml.feedback", day, first));
            }
            indexer.accept(new ForwardReceiver.Record("cd4ml.feedback", day, later));
            indexer.accept(new ForwardReceiver.Record("cd4ml.prediction", day, Map.of("model", "m"))); // no id: its own
            JsonNode feedback = awaitHits(url, "cd4ml-feedback-2001.02.05", "{\"query\":{\"match_all\":{}}}", 2);
            JsonNode predictions = awaitHits(url, "cd4ml-predictions-2001.02.05", "{\"query\":{\"match_all\":{}}}", 2);
            Thread.sleep(1500); // one more flush: copies would be there by now
            feedback = awaitHits(url, "cd4ml-feedback-2001.02.05", "{\"query\":{\"match_all\":{}}}", 2);
            predictions = awaitHits(url, "cd4ml-predictions-2001.02.05", "{\"query\":{\"match_all\":{}}}", 2);
            assertEquals(2, predictions.path("total").path("value").asInt(), predictions.toString());
            assertEquals(2, feedback.path("total").path("value").asInt(), feedback.toString());
            JsonNode byId = awaitHits(url, "cd4ml-predictions-2001.02.05", "{\"query\":{\"ids\":{\"values\":[\"r-1\"]}}}", 1);
            assertEquals(1, byId.path("total").path("value").asInt(), byId.toString());
        } finally {
            indexer.close();
        }
    }

    @Test
    void bulkIndexerKeepsEveryRecordWhileOpenSearchIsUnreachable() throws Exception {
        URI openSearch = URI.create(RealParts.openSearch().httpUrl());
        int port = Ports.orFree(0); // nothing listens here yet: connection refused
        Instant day = Instant.parse("2001-02-04T04:05:06Z");
        BulkIndexer indexer = new BulkIndexer("http://127.0.0.1:" + port, 10, 20);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                indexer.accept(new ForwardReceiver.Record("cd4ml.feedback", day, Map.of("i", (long) i)));
            }
        });
        try (ServerSocket relay = new ServerSocket()) {
            sender.start();
            Thread.sleep(3500); // three failed flushes, each with the held-back sender filling the room it freed
            relay.setReuseAddress(true);
            relay.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            Thread relaying = new Thread(() -> relay(relay, openSearch.getPort()));
            relaying.setDaemon(true);
            relaying.start();
            JsonNode hits = awaitHits(openSearch.toString(), "cd4ml-feedback-2001.02.04", "{\"query\":{\"match_all\":{}}}", 40);
            assertEquals(40, hits.path("total").path("value").asInt(), "nothing lost while unreachable: " + hits);
        } finally {
            indexer.close();
            sender.interrupt();
        }
    }

    /** OpenSearch "comes back" on the indexer's port: each connection piped to the real node. */
    private static void relay(ServerSocket relay, int targetPort) {
        while (!relay.isClosed()) {
            try {
                Socket in = relay.accept();
                Socket out = new Socket("127.0.0.1", targetPort);
                for (Socket[] pair : new Socket[][] {{in, out}, {out, in}}) {
                    Thread pipe = new Thread(() -> {
                        try {
                            pair[0].getInputStream().transferTo(pair[1].getOutputStream());
                        } catch (java.io.IOException ignored) {
                            // one side closed
                        }
                    });
                    pipe.setDaemon(true);
                    pipe.start();
                }
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private static JsonNode awaitHits(String url, String index, String query, int expected) throws Exception {
        JsonNode hits = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < deadline; Thread.sleep(250)) {
            HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
            hits = search(url, index, query);
            if (hits.path("total").path("value").asInt() >= expected) {
                break;
            }
        }
        return hits;
    }

    @Test
    void testResourceHandsQuarkusTheConfigurationOfTheAskedParts() throws Exception {
        RealPartsTestResource resource = new RealPartsTestResource();
        resource.init(Map.of("parts", "kafka, postgres,s3,forward,opensearch", "database", "orders"));
        Map<String, String> config = resource.start();
        assertEquals(RealParts.kafka().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals(RealParts.postgres().jdbcUrl("orders"), config.get("quarkus.datasource.jdbc.url"));
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
            config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
            assertTrue(c.isValid(5));
        }
        assertEquals(RealParts.s3().endpoint(), config.get("cd4ml.s3.endpoint"));
        assertEquals(RealParts.s3().accessKey(), config.get("cd4ml.s3.access-key"));
        assertEquals(RealParts.s3().secretKey(), config.get("cd4ml.s3.secret-key"));
        assertEquals("127.0.0.1", config.get("cd4ml.fluentd.host"));
        assertEquals(String.valueOf(RealParts.forward().port()), config.get("cd4ml.fluentd.port"));
        assertEquals(RealParts.openSearch().httpUrl(), config.get("cd4ml.opensearch.url"));
        assertEquals(10, config.size());

        RealPartsTestResource defaults = new RealPartsTestResource();
        defaults.init(Map.of());
        assertEquals(java.util.Set.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "cd4ml.s3.endpoint", "cd4ml.s3.access-key", "cd4ml.s3.secret-key"),
            defaults.start().keySet());
        assertTrue(defaults.start().get("quarkus.datasource.jdbc.url").endsWith("/app"));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(p);
    }

    static List<String> consume(String bootstrap, String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "parts-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static JsonNode search(String url, String index, String query) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query)).build(),
            HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("hits");
    }
}
