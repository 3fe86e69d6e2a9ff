package dev.cd4ml.parts;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A real OpenSearch 2.x node (single-node cluster, HTTP on 127.0.0.1, the Elasticsearch 7.10 REST
 * API) in this JVM, for prediction logs on the local platform and in tests.
 *
 * <p>OpenSearch is an optional dependency of this module: whoever starts this part adds
 * {@code org.opensearch:opensearch}, {@code org.opensearch.plugin:transport-netty4-client},
 * {@code org.opensearch.plugin:analysis-common} and {@code org.apache.logging.log4j:log4j-core}.
 */
public final class OpenSearchPart implements Part {

    private final Foreign foreign;
    private final Path dataDir;
    private final int httpPort;
    private Closeable node;

    /**
     * @param dataDir  node home (data/ and logs/ below it), kept across starts
     * @param httpPort HTTP port on 127.0.0.1, 0 for a free one (chosen now and kept)
     */
    public OpenSearchPart(Path dataDir, int httpPort) {
        this.foreign = null;
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        this.httpPort = Ports.orFree(httpPort);
    }

    OpenSearchPart(Foreign foreign) {
        this.foreign = foreign;
        this.dataDir = null;
        this.httpPort = -1;
    }

    @Override
    public String name() {
        return "opensearch";
    }

    public String httpUrl() {
        return foreign != null ? (String) foreign.call("httpUrl") : "http://127.0.0.1:" + httpPort;
    }

    /** True when the OpenSearch classes this part needs are on the classpath. */
    public static boolean available() {
        try {
            Class.forName("org.opensearch.node.Node", false, OpenSearchPart.class.getClassLoader());
            Class.forName("org.opensearch.transport.Netty4Plugin", false, OpenSearchPart.class.getClassLoader());
            Class.forName("org.opensearch.analysis.common.CommonAnalysisPlugin", false, OpenSearchPart.class.getClassLoader());
            Class.forName("org.apache.logging.log4j.core.LoggerContext", false, OpenSearchPart.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (node != null) {
            return;
        }
        if (!available()) {
            throw new IllegalStateException("OpenSearch is not on the classpath: add org.opensearch:opensearch, "
                + "org.opensearch.plugin:transport-netty4-client, org.opensearch.plugin:analysis-common and "
                + "org.apache.logging.log4j:log4j-core (versions managed by the parent pom)");
        }
        // Netty lets the processor count be set once per JVM; Quarkus or another Netty user may
        // have done it already, and OpenSearch would then refuse to start.
        if (System.getProperty("opensearch.set.netty.runtime.available.processors") == null) {
            System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
        }
        Files.createDirectories(dataDir);
        Closeable started = OpenSearchNode.start(dataDir, httpPort);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitYellow(http, Duration.ofSeconds(60));
            noReplicasByDefault(http);
        } catch (Exception e) {
            started.close();
            throw e;
        }
        node = started;
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        if (node == null) {
            return;
        }
        try {
            node.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping OpenSearch on " + httpUrl(), e);
        } finally {
            node = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : node != null;
    }

    @Override
    public String toString() {
        return "OpenSearchPart[" + httpUrl() + "]";
    }

    /** Node.start() returns before the cluster state is recovered; wait until it serves requests. */
    private void awaitYellow(HttpClient http, Duration timeout) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
            .timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IOException("OpenSearch on " + httpUrl() + " not ready within " + timeout + ": " + last);
    }

    /**
     * One node cannot hold replicas, so indices made with the default of one replica stay yellow.
     * The default is a cluster setting (read from the cluster state, not from node settings).
     */
    private void noReplicasByDefault(HttpClient http) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"persistent\":{\"cluster.default_number_of_replicas\":0}}"))
                .timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("OpenSearch on " + httpUrl() + " refused cluster.default_number_of_replicas: " + response.body());
        }
    }
}
