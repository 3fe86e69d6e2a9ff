package dev.cd4ml.parts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import dev.cd4ml.parts.ForwardReceiver.Record;

/**
 * The local platform's stand-in for Fluentd's OpenSearch output: prediction and feedback records
 * go to daily indices through {@code POST /_bulk}, about once a second. While OpenSearch is down
 * records wait (up to {@value #MAX_PENDING}) and are sent when it answers again.
 */
final class BulkIndexer implements Consumer<Record>, AutoCloseable {

    static final Map<String, String> INDEX_PREFIX_BY_TAG = Map.of(
        "cd4ml.prediction", "cd4ml-predictions-",
        "cd4ml.feedback", "cd4ml-feedback-");
    static final int MAX_PENDING = 100_000;
    private static final int MAX_BATCH = 5_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkIndexer.class);

    private final URI bulk;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper()
        .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private final LinkedBlockingDeque<Record> pending = new LinkedBlockingDeque<>(MAX_PENDING);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "opensearch-bulk");
        t.setDaemon(true);
        return t;
    });
    private boolean failing; // only touched by the timer thread (and close(), after it stopped)
    private long dropped;

    BulkIndexer(String openSearchUrl) {
        this.bulk = URI.create(openSearchUrl.replaceAll("/+$", "") + "/_bulk");
        timer.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
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
        if (!pending.offerLast(record)) {
            synchronized (this) {
                if (dropped++ % 1000 == 0) {
                    LOG.warn("OpenSearch bulk queue full ({} records): dropped {} so far", MAX_PENDING, dropped);
                }
            }
        }
    }

    void flush() {
        List<Record> batch = new ArrayList<>();
        pending.drainTo(batch, MAX_BATCH);
        if (batch.isEmpty()) {
            return;
        }
        try {
            StringBuilder body = new StringBuilder();
            for (Record r : batch) {
                Map<String, Object> doc = new LinkedHashMap<>(r.fields());
                doc.putIfAbsent("@timestamp", r.time().toString());
                body.append("{\"index\":{\"_index\":").append(json.writeValueAsString(index(r))).append("}}\n")
                    .append(json.writeValueAsString(doc)).append('\n');
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
            if (failing) {
                LOG.info("OpenSearch at {} answers again", bulk);
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("OpenSearch at {} unreachable, keeping records until it answers: {}", bulk, e.toString());
                failing = true;
            }
            for (int i = batch.size() - 1; i >= 0; i--) {
                pending.offerFirst(batch.get(i));
            }
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
