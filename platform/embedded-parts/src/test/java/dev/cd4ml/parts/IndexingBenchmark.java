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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The local log path end to end, as the local platform runs it: OpenSearch and the forward part (spool +
 * {@link BulkIndexer}) each as its own JVM with deploy/local's flags (OpenSearch at idle priority, C1 only),
 * and a Fluency sender in ack mode sending prediction-shaped records (21 fields, ~340 bytes, as serving's)
 * at a given rate. Prints the rate they were sent at, the rate they were indexed at (first send to the last
 * document searchable), and the final count, which must equal what was sent (no copy, none lost).
 *
 * <pre>
 * platform/embedded-parts/bench/run-indexing-bench.sh [--records N] [--rate R (0 = as fast as the sender goes)]
 *     [--c2] (OpenSearch with C2 too) [--foreground] (OpenSearch at normal priority) [--busy-share S]
 * </pre>
 */
public final class IndexingBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(key, flag ? "true" : args[++i]);
        }
        int records = Integer.parseInt(o.getOrDefault("records", "300000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "0"));
        boolean c2 = o.containsKey("c2");
        boolean foreground = o.containsKey("foreground");
        String busyShare = o.getOrDefault("busy-share", "" + ForwardSpool.BUSY_SHARE);
        Path root = Path.of(o.getOrDefault("root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("cd4ml-indexing-bench-");
        String classpath = Path.of("target/classes").toAbsolutePath() + ":" + Files.readString(Path.of("target/parts.classpath")).trim();
        int osPort = Ports.free();
        int fwPort = Ports.free();
        List<Process> parts = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            parts.forEach(Process::destroy);
            RealParts.deleteRecursively(work);
        }));
        parts.add(part(classpath, "opensearch", "512m", !foreground, c2, work.resolve("opensearch.log"),
            "--port", "" + osPort, "--dir", work.resolve("opensearch").toString()));
        String os = "http://127.0.0.1:" + osPort;
        awaitReady(work.resolve("opensearch.log"), parts.get(0));
        parts.add(part(classpath, "forward", "128m", false, false, work.resolve("forward.log"),
            "--port", "" + fwPort, "--dir", work.resolve("forward").toString(), "--opensearch-url", os,
            "--index-templates", root.resolve("monitoring/elasticsearch").toString(), "--busy-share", busyShare));
        awaitReady(work.resolve("forward.log"), parts.get(1));

        FluencyBuilderForFluentd b = new FluencyBuilderForFluentd();
        b.setAckResponseMode(true);
        b.setMaxBufferSize(64L << 20);
        b.setBufferChunkRetentionSize(1 << 20);
        b.setBufferChunkInitialSize(256 << 10);
        b.setFlushAttemptIntervalMillis(200);
        b.setSenderMaxRetryCount(100_000);
        b.setReadTimeoutMilli(10_000);
        Fluency fluency = b.build("127.0.0.1", fwPort);
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        String run = Long.toString(System.nanoTime(), 36);
        System.out.printf("== sending %,d prediction records%s to the forward part on :%d (OpenSearch %s, %s)%n", records,
            rate > 0 ? " at " + rate + "/s" : " as fast as the sender goes", fwPort, foreground ? "normal priority" : "idle priority",
            c2 ? "C1+C2" : "C1 only");
        long t0 = System.nanoTime();
        for (int i = 0; i < records; i++) {
            if (rate > 0) {
                long due = t0 + (long) (i * (1e9 / rate));
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
            packer.clear();
            prediction(packer, run + "-" + i, i);
            byte[] bytes = packer.toByteArray();
            while (true) {
                try {
                    fluency.emit("cd4ml.prediction", EventTime.fromEpochMilli(System.currentTimeMillis()), bytes, 0, bytes.length);
                    break;
                } catch (org.komamitsu.fluency.BufferFullException full) {
                    Thread.sleep(5); // the forward part holds back: wait, never drop
                }
            }
        }
        fluency.flush();
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("   sent in %.1f s: %,.0f records/s%n", sendSeconds, records / sendSeconds);
        long count = 0;
        long lastPrint = 0;
        String index = "cd4ml-predictions-*";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (System.nanoTime() < deadline) {
            HTTP.send(HttpRequest.newBuilder(URI.create(os + "/" + index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
            count = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(os + "/" + index + "/_count?q=requestId:" + run + "-*"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("count").asLong();
            if (count >= records) {
                break;
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf("   %.0f s: %,d indexed%n", (lastPrint - t0) / 1e9, count);
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        fluency.close();
        System.out.printf("%nindexing benchmark (%s, %d cores): %,d records sent at %,.0f/s, %,d indexed in %.1f s: "
                + "%,.0f docs/s end to end; copies or losses: %,d%n",
            Instant.now(), Runtime.getRuntime().availableProcessors(), records, records / sendSeconds, count, seconds,
            count / seconds, count - records);
        System.exit(count == records ? 0 : 1);
    }

    /** A record shaped like serving's (PredictionRecord): 13 features of the demo data, probabilities, shadow. */
    static void prediction(MessageBufferPacker p, String requestId, int i) throws IOException {
        p.packMapHeader(21);
        p.packString("requestId").packString(requestId);
        p.packString("timestamp").packString(Instant.now().toString());
        p.packString("environment").packString("production");
        p.packString("model").packString("credit-risk");
        p.packString("version").packInt(3);
        p.packString("age").packDouble(20 + i % 50);
        p.packString("income").packDouble(20_000 + (i * 37) % 80_000);
        p.packString("loan_amount").packDouble(1_000 + (i * 13) % 30_000);
        p.packString("loan_term_months").packDouble(12 * (1 + i % 5));
        p.packString("employment_years").packDouble(i % 30);
        p.packString("credit_history_years").packDouble(i % 25);
        p.packString("existing_debt").packDouble((i * 7) % 20_000);
        p.packString("housing").packString(i % 3 == 0 ? "rent" : i % 3 == 1 ? "own" : "mortgage");
        p.packString("purpose").packString(i % 4 == 0 ? "car" : i % 4 == 1 ? "education" : i % 4 == 2 ? "home" : "business");
        p.packString("region").packString("region-" + i % 7);
        p.packString("prediction").packString(i % 5 == 0 ? "yes" : "no");
        p.packString("probabilities").packMapHeader(2).packString("yes").packDouble(0.2).packString("no").packDouble(0.8);
        p.packString("latencyMs").packDouble(0.05);
        p.packString("shadowVersion").packInt(2);
        p.packString("shadowPrediction").packString("no");
        p.packString("shadowAgreement").packBoolean(i % 5 != 0);
    }

    private static Process part(String classpath, String part, String heap, boolean background, boolean c2, Path log,
                                String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (background) {
            cmd.addAll(Files.isExecutable(Path.of("/usr/bin/chrt")) ? List.of("/usr/bin/chrt", "--idle", "0", "nice", "-n", "19")
                : List.of("nice", "-n", "19"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
            "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true"));
        if (!c2) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.addAll(List.of("-cp", classpath, "dev.cd4ml.parts.PartMain", part));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(Path log, Process p) throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); System.nanoTime() < deadline; Thread.sleep(200)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("part exited: " + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains("READY ")) {
                return;
            }
        }
        throw new IllegalStateException("part not ready: " + Files.readString(log));
    }
}
