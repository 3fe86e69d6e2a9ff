package dev.cd4ml.parts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Fluentd forward protocol server (what Fluentd's {@code in_forward} accepts) over plain TCP
 * on 127.0.0.1: it keeps what it receives for tests to assert on, and hands each record to the
 * sinks given to {@link #onRecord}. A message whose option carries {@code chunk} is answered with
 * {@code {"ack": chunk}} once its records are stored, as at-least-once senders expect.
 * No handshake (shared key) and no UDP heartbeat: senders must not ask for them.
 */
public final class ForwardReceiver implements Part {

    /** An event as Fluentd sees it. Field values are plain Java: String, Long, Double, Boolean, List, Map, null. */
    public record Record(String tag, Instant time, Map<String, Object> fields) {
    }

    /** Records kept for {@link #records()} by default: the oldest go first so a long run stays bounded. */
    static final int RETAINED = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(ForwardReceiver.class);

    private final Foreign foreign;
    private final int port;
    private final int retained;
    private final LongAdder count = new LongAdder();
    private final Deque<Record> received = new ArrayDeque<>(); // guarded by itself
    private final List<Consumer<Record>> sinks = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    /**
     * Chunk ids stored lately (insertion order, the oldest forgotten first): a sender that did not get
     * the ack in time (a stall, a cut) sends the same chunk again with the same id; it is acknowledged
     * again and not stored twice. Fluentd itself keeps no such list (there, document ids make a resent
     * chunk overwrite in the index).
     */
    private final Set<String> recentChunks = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_CHUNKS;
        }
    });
    /** About ten minutes of chunks at full rate; a sender resends within about a minute. */
    static final int RECENT_CHUNKS = 10_000;
    private final LongAdder resent = new LongAdder();
    private volatile ServerSocket server;
    private volatile ForwardSpool spool;
    private Thread acceptor;

    /** @param port port on 127.0.0.1, 0 for a free one (chosen now and kept) */
    public ForwardReceiver(int port) {
        this(port, RETAINED);
    }

    /**
     * @param port     port on 127.0.0.1, 0 for a free one (chosen now and kept)
     * @param retained how many records {@link #records()} keeps; 0 where only the sinks matter (the local
     *                 platform, benchmarks): at thousands of records a second a full window of decoded
     *                 maps in the old generation costs the receiver's JVM more GC than the decoding itself
     */
    public ForwardReceiver(int port, int retained) {
        if (retained < 0) {
            throw new IllegalArgumentException("retained must be >= 0: " + retained);
        }
        this.foreign = null;
        this.port = Ports.orFree(port);
        this.retained = retained;
    }

    ForwardReceiver(Foreign foreign) {
        this.foreign = foreign;
        this.port = (Integer) foreign.call("port");
        this.retained = RETAINED;
    }

    @Override
    public String name() {
        return "forward";
    }

    public int port() {
        return port;
    }

    /** How many records arrived since the start, retained or not. */
    public long receivedCount() {
        if (foreign != null) {
            return (Long) foreign.call("receivedCount");
        }
        return count.sum();
    }

    /** Snapshot of what was received and retained (at most the last {@code retained} records), oldest first. */
    public List<Record> records() {
        if (foreign != null) {
            return adopt(foreign.call("records"));
        }
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Waits until at least {@code count} records with this tag have arrived and returns all of them.
     *
     * @throws IllegalStateException on timeout, saying what did arrive
     */
    public List<Record> awaitRecords(String tag, int count, Duration timeout) {
        if (foreign != null) {
            return adopt(foreign.call("awaitRecords", tag, count, timeout));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Record> matching = received.stream().filter(r -> r.tag().equals(tag)).toList();
                long left = deadline - System.nanoTime();
                if (matching.size() >= count) {
                    return matching;
                }
                if (left <= 0) {
                    Map<String, Integer> tags = new TreeMap<>();
                    received.forEach(r -> tags.merge(r.tag(), 1, Integer::sum));
                    throw new IllegalStateException("expected " + count + " record(s) tagged '" + tag + "' within "
                        + timeout + " on port " + port + ", got " + matching.size() + "; received by tag: " + tags);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for records tagged " + tag, e);
                }
            }
        }
    }

    public void clear() {
        if (foreign != null) {
            foreign.call("clear");
            return;
        }
        synchronized (received) {
            received.clear();
        }
    }

    /** Adds a sink called for each record, on the connection's thread, after it is stored. */
    public void onRecord(Consumer<Record> sink) {
        if (foreign != null) {
            Consumer<Object> bridge = r -> sink.accept(adoptOne(r));
            foreign.call("onRecord", bridge);
            return;
        }
        sinks.add(sink);
    }

    /**
     * From now on messages go to a spool in {@code dir} as they arrive (and are acknowledged once
     * written there); its thread decodes them and hands their records to the sinks, so a slow sink
     * no longer holds senders back until the spool is full; while {@code busy} says so (see
     * {@link MachineLoad}) the backlog waits on disk, each segment at most {@code maxDeferralMillis}.
     * Call before {@link #start}.
     */
    void spoolTo(Path dir, java.util.function.BooleanSupplier busy, long maxDeferralMillis) throws IOException {
        if (foreign != null || server != null) {
            throw new IllegalStateException("spool before start, in the receiver's own class loader");
        }
        spool = new ForwardSpool(dir, ForwardSpool.MAX_BYTES, ForwardSpool.SEGMENT_BYTES, ForwardSpool.ROLL_MILLIS, busy,
            maxDeferralMillis, this::accept);
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
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true); // a restart must get the same port back at once
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server = socket;
        acceptor = new Thread(() -> acceptLoop(socket), "forward-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
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
            server.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        connections.forEach(ForwardReceiver::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spool != null) {
            spool.close();
        }
        server = null;
        acceptor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : server != null;
    }

    @Override
    public String toString() {
        return "ForwardReceiver[127.0.0.1:" + port() + "]";
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread t = new Thread(() -> serve(connection), "forward-conn-" + connection.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("forward receiver on port {}: accept failed", port, e);
                }
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
             MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(new BufferedInputStream(connection.getInputStream()))) {
            OutputStream out = connection.getOutputStream();
            ForwardSpool spooled = spool;
            // Reused for every message of the connection: at thousands of records a second, a fresh
            // array per chunk cost the part more in GC than everything else it does.
            Bytes copy = new Bytes();
            MessagePacker packer = MessagePack.newDefaultPacker(copy);
            byte[] scratch = new byte[1 << 16];
            while (unpacker.hasNext()) {
                if (spooled != null) {
                    copy.reset();
                    String chunk = ForwardProtocol.copyMessage(unpacker, packer, scratch);
                    packer.flush();
                    if (firstTime(chunk)) {
                        spooled.append(copy.array(), copy.size(), chunk != null);
                    }
                    if (chunk != null) {
                        out.write(ForwardProtocol.ack(chunk));
                        out.flush();
                    }
                    continue;
                }
                ForwardProtocol.Decoded message = ForwardProtocol.decode(unpacker.unpackValue());
                if (firstTime(message.chunk())) {
                    accept(message.records());
                }
                if (message.chunk() != null) {
                    out.write(ForwardProtocol.ack(message.chunk()));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (IOException | RuntimeException e) {
            // A sender that breaks the protocol loses its connection, as with Fluentd; one that
            // just went away (or a stop()) is not worth a word.
            if (!connection.isClosed() && server != null) {
                LOG.warn("forward receiver on port {}: dropping connection from {}: {}", port, connection.getRemoteSocketAddress(), e.toString());
            }
        } finally {
            connections.remove(connection);
        }
    }

    /** False for a chunk id stored before (a resend); a message without one is always new. */
    private boolean firstTime(String chunk) {
        if (chunk == null) {
            return true;
        }
        synchronized (recentChunks) {
            if (recentChunks.add(chunk)) {
                return true;
            }
        }
        resent.increment();
        return false;
    }

    /** How many chunks arrived again (same chunk id) and were acknowledged without being stored twice. */
    public long resentChunks() {
        if (foreign != null) {
            return (Long) foreign.call("resentChunks");
        }
        return resent.sum();
    }

    /** Sinks first, then storage: once a waiter sees a record, every sink has had it too. */
    void accept(List<Record> records) {
        for (Record r : records) {
            for (Consumer<Record> sink : sinks) {
                try {
                    sink.accept(r);
                } catch (RuntimeException | LinkageError e) {
                    // LinkageError: a sink from a Quarkus test application whose class loader is closed.
                    LOG.warn("forward receiver on port {}: a record sink failed", port, e);
                }
            }
        }
        count.add(records.size());
        if (retained == 0) {
            return;
        }
        synchronized (received) {
            for (Record r : records) {
                if (received.size() == retained) {
                    received.removeFirst();
                }
                received.addLast(r);
            }
            received.notifyAll();
        }
    }

    /** A byte array output whose array can be written out without a copy. */
    private static final class Bytes extends java.io.ByteArrayOutputStream {
        Bytes() {
            super(1 << 16);
        }

        byte[] array() {
            return buf;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @SuppressWarnings("unchecked")
    private static Record adoptOne(Object foreignRecord) {
        return new Record((String) Foreign.getter(foreignRecord, "tag"), (Instant) Foreign.getter(foreignRecord, "time"),
            (Map<String, Object>) Foreign.getter(foreignRecord, "fields"));
    }

    private static List<Record> adopt(Object foreignRecords) {
        List<Record> out = new ArrayList<>();
        for (Object r : (List<?>) foreignRecords) {
            out.add(adoptOne(r));
        }
        return List.copyOf(out);
    }
}
