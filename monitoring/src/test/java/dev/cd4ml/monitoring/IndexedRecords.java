package dev.cd4ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;

import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.LocalForwardIndexing;
import dev.cd4ml.parts.RealParts;

/**
 * Once per test JVM: the index templates applied by {@code monitoring/elasticsearch/setup.sh} to the
 * real embedded OpenSearch, then {@link ServingRecords} sent with Fluency (serving-service's sender)
 * over the forward protocol to the real forward receiver, which bulk-indexes them into daily indices
 * as the local platform does.
 */
final class IndexedRecords {

    private static String url;

    private IndexedRecords() {
    }

    static synchronized String openSearch() throws Exception {
        if (url != null) {
            return url;
        }
        String u = RealParts.openSearch().httpUrl();
        runSetup(u);
        ForwardReceiver forward = RealParts.forward();
        LocalForwardIndexing.indexInto(forward, u);

        FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
        builder.setAckResponseMode(true); // at-least-once, as a real deployment should run it
        builder.setFlushAttemptIntervalMillis(100);
        try (Fluency fluency = builder.build("127.0.0.1", forward.port())) {
            for (Map<String, Object> r : ServingRecords.predictions()) {
                fluency.emit("cd4ml.prediction", EventTime.fromEpochMilli(Instant.parse((String) r.get("timestamp")).toEpochMilli()), r);
            }
            for (Map<String, Object> r : ServingRecords.feedback()) {
                fluency.emit("cd4ml.feedback", EventTime.fromEpochMilli(Instant.parse((String) r.get("timestamp")).toEpochMilli()), r);
            }
            for (Map<String, Object> r : ServingRecords.explanations()) {
                fluency.emit("cd4ml.explanation", EventTime.fromEpochMilli(Instant.parse((String) r.get("timestamp")).toEpochMilli()), r);
            }
            for (Map<String, Object> r : ServingRecords.rejections()) {
                fluency.emit("cd4ml.rejection", EventTime.fromEpochMilli(Instant.parse((String) r.get("timestamp")).toEpochMilli()), r);
            }
            fluency.flush();
            fluency.waitUntilAllBufferFlushed(20);
        }
        forward.awaitRecords("cd4ml.prediction", 30, Duration.ofSeconds(20));
        forward.awaitRecords("cd4ml.feedback", 10, Duration.ofSeconds(20));
        forward.awaitRecords("cd4ml.explanation", 6, Duration.ofSeconds(20));
        forward.awaitRecords("cd4ml.rejection", 4, Duration.ofSeconds(20));
        awaitCount(u, "cd4ml-predictions-*", 30);
        awaitCount(u, "cd4ml-feedback-*", 10);
        awaitCount(u, "cd4ml-explanations-*", 6);
        awaitCount(u, "cd4ml-rejections-*", 4);
        // monitoring-service's stored reports, as its evaluation bulk-writes them (Model health dashboard)
        JsonNode bulk = Http.post(u + "/_bulk?refresh=true", ReportDocs.bulk());
        assertEquals(false, bulk.path("errors").asBoolean(), bulk.toString());
        url = u;
        return u;
    }

    /** Runs the shipped setup script (curl) against the cluster; returns its output. */
    static String runSetup(String openSearchUrl) throws IOException, InterruptedException {
        Tools.require("curl");
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.path("monitoring/elasticsearch/setup.sh").toString())
            .redirectErrorStream(true);
        pb.environment().put("ELASTICSEARCH_URL", openSearchUrl);
        pb.environment().put("WAIT_SECONDS", "60");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("setup.sh did not finish: " + out);
        }
        assertEquals(0, p.exitValue(), "setup.sh failed: " + out);
        return out;
    }

    private static void awaitCount(String u, String index, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count = -1;
        while (System.nanoTime() < deadline) {
            try {
                Http.post(u + "/" + index + "/_refresh", null);
                count = Http.get(u + "/" + index + "/_count").path("count").asLong();
                if (count >= expected) {
                    assertEquals(expected, count, "documents in " + index);
                    return;
                }
            } catch (IllegalStateException notYet) {
                // no index yet: the bulk indexer sends about once a second
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + expected + " documents in " + index + ", found " + count);
    }

    static List<String> indices(String u, String pattern) {
        List<String> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode row : Http.get(u + "/_cat/indices/" + pattern + "?format=json&h=index,docs.count&s=index")) {
            out.add(row.path("index").asText() + "=" + row.path("docs.count").asText());
        }
        return out;
    }

}
