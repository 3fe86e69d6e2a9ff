package dev.cd4ml.parts;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cd4ml.parts.ForwardReceiver.Record;

/**
 * What Fluentd's file buffer is to the local platform's forward part: received forward messages are
 * appended to segment files as they arrive (a copy, no decoding), and one thread at idle priority decodes
 * them in order and hands their records on, so a burst of predictions is taken at the rate it is
 * sent and indexed later on idle cores instead of being refused (the sender would drop it). As in
 * {@code monitoring/fluentd/fluent.conf}: segments of 8 MiB ({@code chunk_limit_size}), at most
 * {@code maxBytes} on disk ({@code total_limit_size}), and beyond that {@link #append} blocks
 * ({@code overflow_action block}). Segments left by an earlier run are handed on first: what was
 * taken is not lost by a restart. Delivery is at least once: a segment interrupted by a stop is
 * handed on again, whole, at the next start.
 */
final class ForwardSpool implements AutoCloseable {
    static final long SEGMENT_BYTES = 8L << 20;
    static final long MAX_BYTES = 2L << 30;
    private static final String SUFFIX = ".forward";
    /** How long a segment that is not full waits before it is handed on (Fluentd's flush interval). */
    static final long ROLL_MILLIS = 1000;
    /**
     * Above this share of the machine's CPU in normal-priority work (a load test), the backlog waits on
     * disk: even at idle priority, indexing on the "idle" sibling of a busy core cost serving 6-24 % of
     * its throughput. It is handed on regardless once the spool is half full.
     */
    static final double BUSY_SHARE = 0.5;
    /**
     * A busy machine delays a segment at most this long: monitoring (drift, canary analysis, the
     * feedback loop) reads the log store, so a sustained load must not keep it stale for minutes.
     */
    static final long MAX_DEFERRAL_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ForwardSpool.class);

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final long rollMillis;
    private final BooleanSupplier busy;
    private final long maxDeferralMillis;
    private final Consumer<List<Record>> next;
    private final Thread handOn;
    // guarded by this:
    private final ArrayDeque<Path> ready = new ArrayDeque<>();
    private long bytes;
    private long sequence;
    private OutputStream current;
    private Path currentPath;
    private long currentBytes;
    private volatile boolean closed; // written under this
    private long lastFullWarning; // nanoTime; 0 = never

    /**
     * @param next gets the records of each message in the order they were appended (on the spool's
     *             own thread; it may block, which holds the spool back)
     */
    ForwardSpool(Path dir, long maxBytes, long segmentBytes, long rollMillis, BooleanSupplier busy,
                 long maxDeferralMillis, Consumer<List<Record>> next) throws IOException {
        if (maxBytes < segmentBytes || segmentBytes < 1) {
            throw new IllegalArgumentException("need 0 < segmentBytes <= maxBytes: " + segmentBytes + ", " + maxBytes);
        }
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.rollMillis = rollMillis;
        this.busy = busy;
        this.maxDeferralMillis = maxDeferralMillis;
        this.next = next;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path left : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                ready.add(left);
                bytes += Files.size(left);
                sequence = Math.max(sequence, sequenceOf(left));
            }
        }
        if (!ready.isEmpty()) {
            LOG.info("{} segment(s), {} bytes, left in {} by an earlier run: handing them on first", ready.size(), bytes, dir);
        }
        handOn = new Thread(this::handOnLoop, "forward-spool");
        handOn.setDaemon(true);
        handOn.start();
    }


    /**
     * Appends one forward message (the first {@code length} bytes of {@code message}, msgpack); blocks
     * while the spool is full.
     *
     * @param sync write through to the file before returning (the sender asked for an ack)
     */
    synchronized void append(byte[] message, int length, boolean sync) throws IOException, InterruptedException {
        while (bytes + length > maxBytes && bytes > 0 && !closed) {
            long now = System.nanoTime();
            if (lastFullWarning == 0 || now - lastFullWarning > TimeUnit.MINUTES.toNanos(1)) {
                lastFullWarning = now;
                LOG.warn("spool {} holds {} bytes (limit {}): holding the sender back", dir, bytes, maxBytes);
            }
            wait(1000);
        }
        if (closed) {
            throw new IOException("spool closed");
        }
        if (current == null) {
            currentPath = dir.resolve(String.format("segment-%015d%s", ++sequence, SUFFIX));
            current = new BufferedOutputStream(Files.newOutputStream(currentPath), 1 << 16);
            currentBytes = 0;
        }
        current.write(message, 0, length);
        currentBytes += length;
        bytes += length;
        if (currentBytes >= segmentBytes) {
            roll();
        } else if (sync) {
            current.flush();
        }
    }

    /** Bytes taken and not yet handed on. */
    synchronized long bytes() {
        return bytes;
    }

    private void roll() throws IOException {
        try {
            current.close();
        } finally {
            ready.add(currentPath);
            current = null;
            notifyAll();
        }
    }

    private void handOnLoop() {
        IdlePriority.lowerCurrentThread();
        while (true) {
            Path segment;
            synchronized (this) {
                try {
                    while (ready.isEmpty() && !closed) {
                        wait(rollMillis);
                        if (ready.isEmpty() && current != null) {
                            roll(); // a second without a full segment: hand on what there is
                        }
                    }
                } catch (IOException e) {
                    LOG.warn("closing spool segment {}: {}", currentPath, e.toString());
                    continue;
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return; // what is left stays on disk for the next start
                }
                segment = ready.peekFirst();
            }
            long size;
            try {
                size = Files.size(segment);
                if (!handOn(segment)) {
                    return; // stopped halfway: the segment is handed on again at the next start
                }
                Files.delete(segment);
            } catch (IOException e) {
                LOG.warn("spool segment {} cannot be read or removed, skipping it: {}", segment, e.toString());
                size = 0;
            }
            synchronized (this) {
                ready.remove(segment);
                bytes = Math.max(0, bytes - size);
                notifyAll();
            }
        }
    }

    /** False when the spool closed before the whole segment was handed on. */
    private boolean handOn(Path segment) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(segment), 1 << 16);
             MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in)) {
            // the segment's last write: its records have waited since at least then
            long handOnBy = Files.getLastModifiedTime(segment).toMillis() + maxDeferralMillis;
            while (unpacker.hasNext()) {
                try {
                    while (busy.getAsBoolean() && !closed && bytes() < maxBytes / 2
                        && System.currentTimeMillis() < handOnBy) {
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    return false; // close() gave up waiting
                }
                if (Thread.currentThread().isInterrupted() || closed) {
                    return false; // stopping: the segment is handed on again at the next start
                }
                Value message;
                try {
                    message = unpacker.unpackValue();
                } catch (MessagePackException e) {
                    LOG.warn("spool segment {} ends in a message cut short (a crash while writing it): {}", segment, e.toString());
                    return true;
                }
                List<Record> records;
                try {
                    records = ForwardProtocol.decode(message).records();
                } catch (IOException | RuntimeException e) {
                    // as Fluentd does with events it cannot read: skipped, with a word
                    LOG.warn("spool segment {}: skipping a message whose events cannot be decoded: {}", segment, e.toString());
                    continue;
                }
                next.accept(records);
            }
        }
        return true;
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring("segment-".length(), name.length() - SUFFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Stops taking messages and handing them on; whatever remains stays on disk for the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (current != null) {
                    current.close();
                    current = null;
                }
            } catch (IOException e) {
                LOG.warn("closing spool segment {}: {}", currentPath, e.toString());
            }
            notifyAll();
        }
        try {
            handOn.join(5000);
            if (handOn.isAlive()) {
                handOn.interrupt(); // held back by a full next step; the segment is handed on again next time
                handOn.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
