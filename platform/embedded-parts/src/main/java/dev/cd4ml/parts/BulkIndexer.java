package dev.cd4ml.parts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.parts.ForwardReceiver.Record;

/**
 * The local platform's stand-in for Fluentd's OpenSearch output: prediction, feedback, explanation and
 * rejection records go to daily indices (the ones monitoring/fluentd/fluent.conf routes their tags to) through
 * {@code POST /_bulk}, once a second, at most {@code maxPerSecond} of them, built on a thread at idle priority: on a machine the services share, indexing (OpenSearch
 * took half a core for ~4,000 records/s on 2 cores) must not take the cores serving needs. Up to
 * {@value #MAX_PENDING} records wait here, one bulk's worth: the backlog waits in the forward part's
 * spool on disk (decoded maps of a few KiB each in this small heap cost more in GC than the
 * indexing). Beyond that {@link #accept} blocks its caller, the spool (without one, the receiving
 * connection, as Fluentd's {@code overflow_action block} does). Index templates given at start are
 * put first, as Fluentd's {@code template_file} does, so local indices are typed as Kibana expects.
 */
final class BulkIndexer implements Consumer<Record>, AutoCloseable {

    static final Map<String, String> INDEX_PREFIX_BY_TAG = Map.of(
        "cd4ml.prediction", "cd4ml-predictions-",
        "cd4ml.feedback", "cd4ml-feedback-",
        "cd4ml.explanation", "cd4ml-explanations-",
        "cd4ml.rejection", "cd4ml-rejections-");
    static final String TEMPLATE_SUFFIX = ".index-template.json";
    static final int MAX_PENDING = 5_000;
    /** Records in one bulk, and so a second. */
    static final int MAX_PER_SECOND = 5_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkIndexer.class);

    private final URI bulk;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper()
        .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private final LinkedBlockingDeque<Record> pending;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(() -> {
            IdlePriority.lowerCurrentThread(); // building bulks yields to the services on the same cores
            r.run();
        }, "opensearch-bulk");
        t.setDaemon(true);
        return t;
    });
    private final int maxPerSecond;
    // Only touched by the timer thread (and close(), after it stopped):
    private boolean failing;
    /**
     * The batch OpenSearch did not take, sent again first. Not put back into {@code pending}: a
     * held-back sender takes the room a drain frees at once, and the batch would be lost.
     */
    private List<Record> unsent = List.of();
    private volatile long lastHoldWarning; // nanoTime; 0 = never

    BulkIndexer(String openSearchUrl) {
        this(openSearchUrl, MAX_PER_SECOND, MAX_PENDING);
    }

    BulkIndexer(String openSearchUrl, int maxPerSecond, int maxPending) {
        if (maxPerSecond < 1 || maxPending < 1) {
            throw new IllegalArgumentException("maxPerSecond and maxPending must be >= 1: " + maxPerSecond + ", " + maxPending);
        }
        this.bulk = URI.create(openSearchUrl.replaceAll("/+$", "") + "/_bulk");
        this.maxPerSecond = maxPerSecond;
        this.pending = new LinkedBlockingDeque<>(maxPending);
        timer.scheduleAtFixedRate(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Puts each {@code NAME.index-template.json} of {@code dir} as index template NAME (what
     * monitoring/elasticsearch/setup.sh does); call before the first record arrives.
     */
    void putIndexTemplates(Path dir) throws IOException, InterruptedException {
        List<Path> templates;
        try (Stream<Path> files = Files.list(dir)) {
            templates = files.filter(f -> f.getFileName().toString().endsWith(TEMPLATE_SUFFIX)).sorted().toList();
        }
        if (templates.isEmpty()) {
            throw new IOException("no *" + TEMPLATE_SUFFIX + " in " + dir);
        }
        for (Path template : templates) {
            String name = template.getFileName().toString().replace(TEMPLATE_SUFFIX, "");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(bulk.resolve("/_index_template/" + name))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofFile(template))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException("PUT _index_template/" + name + " answered " + answer.statusCode() + ": " + answer.body());
            }
            LOG.info("index template {} applied from {}", name, template);
        }
    }

    static String index(Record record) {
        String prefix = INDEX_PREFIX_BY_TAG.get(record.tag());
        return prefix == null ? null : prefix + DAY.format(record.time());
    }

    @Override
    public void accept(Record record) {
        if (index(record) == null) {
            return; // only predictions and feedback are searched
        }
        if (pending.offerLast(record)) {
            return;
        }
        long now = System.nanoTime();
        if (lastHoldWarning == 0 || now - lastHoldWarning > TimeUnit.MINUTES.toNanos(1)) { // once a minute at most
            lastHoldWarning = now;
            LOG.warn("{} records wait for OpenSearch (at most {}/s indexed): holding the sender back", pending.size(), maxPerSecond);
        }
        try {
            pending.putLast(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the receiver is stopping
        }
    }

    void flush() {
        List<Record> batch = new ArrayList<>(unsent);
        pending.drainTo(batch, Math.max(0, maxPerSecond - batch.size()));
        if (batch.isEmpty()) {
            return;
        }
        try {
            StringBuilder body = new StringBuilder();
            for (Record r : batch) {
                Map<String, Object> doc = new LinkedHashMap<>(r.fields());
                doc.putIfAbsent("@timestamp", r.time().toString());
                String id = PredictionLogFields.documentId(r.tag(), r.fields());
                body.append("{\"index\":{\"_index\":").append(json.writeValueAsString(index(r)));
                if (id != null) { // a bulk sent again after a timeout overwrites instead of adding copies
                    body.append(",\"_id\":").append(json.writeValueAsString(id));
                }
                body.append("}}\n").append(json.writeValueAsString(doc)).append('\n');
            }
            HttpRequest request = HttpRequest.newBuilder(bulk)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
            }
            JsonNode answer = json.readTree(response.body());
            if (answer.path("errors").asBoolean()) {
                // Rejected documents (a mapping conflict, say) would be rejected again: report, do not retry.
                LOG.warn("OpenSearch refused some of {} documents; first answer: {}", batch.size(), answer.path("items").path(0));
            }
            unsent = List.of();
            if (failing) {
                LOG.info("OpenSearch at {} answers again", bulk);
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("OpenSearch at {} unreachable, keeping records until it answers: {}", bulk, e.toString());
                failing = true;
            }
            unsent = batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is still queued, once. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
