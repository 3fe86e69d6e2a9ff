package dev.cd4ml.parts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), in this JVM.
 *
 * <p>The log directory is formatted once and kept, and the broker port is fixed at construction, so
 * {@link #stop()} then {@link #start()} brings the same broker back, with its topics and committed
 * offsets, on the same address: clients reconnect by themselves.
 */
public final class KafkaPart implements Part {

    private final Foreign foreign;
    private final Path dataDir;
    private final int port;
    // The controller listener is internal; a static quorum (controller.quorum.voters) lets it move
    // to another free port when a kept log directory is started again by another process.
    private int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir directory kept across restarts (holds server.properties and kafka-logs/)
     * @param port    broker port on 127.0.0.1, 0 for a free one (chosen now and kept)
     */
    public KafkaPart(Path dataDir, int port) {
        this.foreign = null;
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        this.port = Ports.orFree(port);
    }

    KafkaPart(Foreign foreign) {
        this.foreign = foreign;
        this.dataDir = null;
        this.port = -1;
    }

    @Override
    public String name() {
        return "kafka";
    }

    public String bootstrapServers() {
        return foreign != null ? (String) foreign.call("bootstrapServers") : "127.0.0.1:" + port;
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (server != null) {
            return;
        }
        if (controllerPort == 0) {
            controllerPort = Ports.free();
        }
        Properties props = brokerProperties();
        Path logDir = dataDir.resolve("kafka-logs");
        Files.createDirectories(logDir);
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by cd4ml KafkaPart on each start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config);
        }
        KafkaRaftServer raft = new KafkaRaftServer(config(props), Time.SYSTEM);
        try {
            raft.startup();
            awaitBroker(Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            raft.shutdown();
            raft.awaitShutdown();
            throw e;
        }
        server = raft;
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : server != null;
    }

    @Override
    public String toString() {
        return "KafkaPart[" + bootstrapServers() + "]";
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("kafka-logs").toString());
        // One node: every internal topic has one replica, and one partition keeps the first
        // consumer group and the first transaction fast to set up.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // Sized for a 2-core machine that also runs the services: fewer threads, and the log
        // cleaner's dedupe buffer (128 MiB by default, allocated up front) cut to 4 MiB.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return p;
    }

    /**
     * KafkaConfig.fromProps(props, false), called by reflection: KafkaConfig extends a class of
     * kafka-server, a runtime-only dependency of kafka_2.13 whose version no BOM manages, and
     * javac needs that superclass to compile a direct call.
     */
    private static KafkaConfig config(Properties props) throws ReflectiveOperationException {
        return (KafkaConfig) KafkaConfig.class.getMethod("fromProps", Properties.class, boolean.class).invoke(null, props, false);
    }

    private void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()}, print);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + rc + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** startup() returns before the broker is unfenced; wait until it answers as a cluster member. */
    private void awaitBroker(Duration timeout) throws Exception {
        Map<String, Object> config = Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
            throw new IOException("Kafka broker on " + bootstrapServers() + " did not come up in " + timeout, last);
        }
    }
}
