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
import java.util.concurrent.LinkedBlockingDeque;
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
 * {@code POST /_bulk}: bulks of up to {@code bulkSize} records, sent back to back by {@code workers} threads
 * (two bulks in flight keep OpenSearch's write threads busy while the next bulk is built), at most
 * {@code maxPerSecond} records a second, as soon as records wait (a bulk waits at most {@value #LINGER_MILLIS} ms
 * to fill). The threads run at idle priority: on a machine the services share, building bulks must not take
 * the cores serving needs; and while the machine is busy the backlog waits in the forward part's spool on disk
 * ({@link ForwardSpool}, {@link MachineLoad}), so the rate here is what OpenSearch takes on idle cores. Up to
 * {@code maxPending} records wait here (decoded maps of a few KiB each in this small heap cost more in GC than the
 * indexing). Beyond that {@link #accept} blocks its caller, the spool (without one, the receiving
 * connection, as Fluentd's {@code overflow_action block} does). A bulk OpenSearch did not answer (a timeout,
 * a refused connection) is sent again whole: each record has its document id, so a bulk that did arrive
 * overwrites instead of adding copies. Index templates given at start are put first, as Fluentd's
 * {@code template_file} does, so local indices are typed as Kibana expects.
 */
final class BulkIndexer implements Consumer<Record>, AutoCloseable {

    static final Map<String, String> INDEX_PREFIX_BY_TAG = Map.of(
        "cd4ml.prediction", "cd4ml-predictions-",
        "cd4ml.feedback", "cd4ml-feedback-",
        "cd4ml.explanation", "cd4ml-explanations-",
        "cd4ml.rejection", "cd4ml-rejections-");
    static final String TEMPLATE_SUFFIX = ".index-template.json";
    /** Records in one bulk (about 2.5 MiB of predictions). */
    static final int BULK_SIZE = 5_000;
    /** Bulks in flight at once. */
    static final int WORKERS = 2;
    static final int MAX_PENDING = BULK_SIZE * WORKERS;
    /** No cap of its own: OpenSearch's pace on idle cores is the limit (see the class comment). */
    static final int MAX_PER_SECOND = Integer.MAX_VALUE;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a bulk that is not full waits for more records. */
    static final long LINGER_MILLIS = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkIndexer.class);

    private final URI bulk;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper()
        .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private final LinkedBlockingDeque<Record> pending;
    private final int maxPerSecond;
    private final int bulkSize;
    private final Duration requestTimeout;
    private final List<Thread> workers = new ArrayList<>();
    private final java.util.concurrent.atomic.LongAdder indexed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder resent = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;
    private volatile boolean failing;
    // the rate cap's window, guarded by this:
    private long windowStart = System.nanoTime();
    private long inWindow;
    private volatile long lastHoldWarning; // nanoTime; 0 = never

    BulkIndexer(String openSearchUrl) {
        this(openSearchUrl, MAX_PER_SECOND, MAX_PENDING, BULK_SIZE, WORKERS, REQUEST_TIMEOUT);
    }

    BulkIndexer(String openSearchUrl, int maxPerSecond, int maxPending) {
        this(openSearchUrl, maxPerSecond, maxPending, Math.min(BULK_SIZE, maxPerSecond), 1, REQUEST_TIMEOUT);
    }

    BulkIndexer(String openSearchUrl, int maxPerSecond, int maxPending, int bulkSize, int workers, Duration requestTimeout) {
        if (maxPerSecond < 1 || maxPending < 1 || bulkSize < 1 || workers < 1) {
            throw new IllegalArgumentException("maxPerSecond, maxPending, bulkSize and workers must be >= 1: "
                + maxPerSecond + ", " + maxPending + ", " + bulkSize + ", " + workers);
        }
        this.bulk = URI.create(openSearchUrl.replaceAll("/+$", "") + "/_bulk");
        this.maxPerSecond = maxPerSecond;
        this.bulkSize = bulkSize;
        this.requestTimeout = requestTimeout;
        this.pending = new LinkedBlockingDeque<>(maxPending);
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                IdlePriority.lowerCurrentThread(); // building bulks yields to the services on the same cores
                sendLoop();
            }, "opensearch-bulk-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /** Records OpenSearch answered for (each once, however often its bulk was sent). */
    long indexed() {
        return indexed.sum();
    }

    /** Bulks sent again after OpenSearch did not answer. */
    long resentBulks() {
        return resent.sum();
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

    /** How many records the rate cap lets one bulk take now (waits for the next second when none). */
    private int allowance() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                if (now - windowStart >= 1_000_000_000L) {
                    windowStart = now;
                    inWindow = 0;
                }
                long left = maxPerSecond - inWindow;
                if (left > 0) {
                    int n = (int) Math.min(bulkSize, left);
                    inWindow += n;
                    return n;
                }
                wait = 1_000_000_000L - (now - windowStart);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000L, wait));
        }
    }

    private synchronized void giveBack(int unused) {
        inWindow = Math.max(0, inWindow - unused);
    }

    private void sendLoop() {
        List<Record> batch = new ArrayList<>(bulkSize);
        try {
            while (!closed || !pending.isEmpty()) {
                if (batch.isEmpty()) {
                    Record first = pending.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    int room = allowance();
                    batch.add(first);
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                    while (batch.size() < room) {
                        pending.drainTo(batch, room - batch.size());
                        if (batch.size() >= room || closed || System.nanoTime() - until >= 0) {
                            break;
                        }
                        Record more = pending.poll(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                        if (more != null) {
                            batch.add(more);
                        }
                    }
                    giveBack(room - batch.size());
                }
                if (send(batch)) {
                    batch.clear();
                } else if (closed) {
                    return; // OpenSearch away at stop: what is left is lost with the process (the spool kept what it had not handed on)
                } else {
                    resent.increment();
                    Thread.sleep(1000); // OpenSearch did not answer: the same bulk again, in a second
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one bulk; false when OpenSearch did not answer it (to be sent again). */
    private boolean send(List<Record> batch) throws InterruptedException {
        try {
            StringBuilder body = new StringBuilder(batch.size() * 600);
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
                .timeout(requestTimeout)
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
            indexed.add(batch.size());
            if (failing) {
                LOG.info("OpenSearch at {} answers again", bulk);
                failing = false;
            }
            return true;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("OpenSearch at {} does not answer, keeping records until it does: {}", bulk, e.toString());
                failing = true;
            }
            return false;
        }
    }

    /** Sends what is still queued (one attempt per bulk), then stops. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(requestTimeout.toSeconds() + 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
