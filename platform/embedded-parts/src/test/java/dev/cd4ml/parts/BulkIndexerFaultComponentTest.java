package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenSearch hung (every connection open, no byte passing: {@code kill -STOP}) or cut while the local indexer
 * sends bulks: bulks time out and are sent again, and once OpenSearch is back every record is there exactly once
 * (its document id makes the copy of a bulk that did arrive an overwrite).
 */
class BulkIndexerFaultComponentTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 4_000;

    @AfterEach
    void heal() {
        RealParts.proxy("opensearch").heal();
    }

    @Test
    void aStallDuringBulksLosesNoDocumentAndDuplicatesNone() throws Exception {
        indexThrough(FaultProxy::stall, "2001-03-01T10:00:00Z");
    }

    @Test
    void aCutDuringBulksLosesNoDocumentAndDuplicatesNone() throws Exception {
        indexThrough(FaultProxy::cut, "2001-03-02T10:00:00Z");
    }

    private static void indexThrough(Consumer<FaultProxy> fault, String at) throws Exception {
        String direct = RealParts.openSearch().httpUrl();
        FaultProxy proxy = RealParts.proxy("opensearch");
        Instant day = Instant.parse(at);
        String index = "cd4ml-predictions-" + at.substring(0, 10).replace('-', '.');
        // small bulks, two in flight, a 2 s timeout: a stall of a few seconds times bulks out mid-way
        BulkIndexer indexer = new BulkIndexer("http://127.0.0.1:" + proxy.port(), Integer.MAX_VALUE, 1_000, 250, 2,
            Duration.ofSeconds(2));
        Thread sender = new Thread(() -> {
            for (int i = 0; i < RECORDS; i++) {
                indexer.accept(new ForwardReceiver.Record("cd4ml.prediction", day,
                    // "req-": without the platform's index template (date_detection off) a value starting
                    // with a timestamp may map requestId as a date, and every later record is refused
                    Map.of("requestId", "req-" + at + "-" + i, "prediction", i % 2 == 0 ? "yes" : "no", "row", (long) i)));
                if (i % 250 == 0) {
                    try {
                        Thread.sleep(20); // a steady flow, so the fault hits bulks in flight
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "fault-test-sender");
        try {
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (indexer.indexed() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(indexer.indexed() >= 500, "indexing started: " + indexer.indexed());
            fault.accept(proxy);
            Thread.sleep(5_000);
            long duringFault = indexer.indexed();
            proxy.heal();
            assertTrue(duringFault < RECORDS, "the fault came while records were still to be indexed");
            sender.join(60_000);
            long count = 0;
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < until; Thread.sleep(250)) {
                count = count(direct, index);
                if (count >= RECORDS && indexer.indexed() >= RECORDS) {
                    break;
                }
            }
            Thread.sleep(1_000); // a late copy would be indexed by now
            assertEquals(RECORDS, count(direct, index), "every record once, after " + indexer.resentBulks() + " bulk(s) sent again");
            assertTrue(indexer.resentBulks() > 0, "the fault made bulks be sent again");
        } finally {
            proxy.heal();
            sender.interrupt();
            indexer.close();
        }
    }

    private static long count(String url, String index) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_count")).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("count").asLong() : 0;
    }
}
