package dev.cd4ml.parts;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * The OpenSearch node itself. Only {@link OpenSearchPart#start()} touches this class, so the rest
 * of the module loads and runs without OpenSearch on the classpath.
 */
final class OpenSearchNode extends Node {

    private OpenSearchNode(Settings settings) {
        // The protected constructor takes plugins from the classpath: OpenSearch's own launcher
        // would instead look for them in a modules/ folder of an installed distribution.
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "cd4ml"),
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
    }

    static Closeable start(Path home, int httpPort) throws Exception {
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "cd4ml")
            .put("node.name", "cd4ml")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", 0)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // Laptop and CI disks are often fuller than the 85 % watermark: never refuse shards for it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        OpenSearchNode node = new OpenSearchNode(settings);
        try {
            node.start();
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return () -> {
            node.close();
            try {
                if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                    throw new IOException("OpenSearch did not close within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
