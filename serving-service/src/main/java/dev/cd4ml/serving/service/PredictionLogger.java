package dev.cd4ml.serving.service;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.serving.config.FluentdConfig;
import dev.cd4ml.serving.domain.LogSpill;
import dev.cd4ml.serving.domain.MsgPackWriter;
import dev.cd4ml.serving.domain.PredictionRecord;
import dev.cd4ml.serving.domain.RejectionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import org.komamitsu.fluency.BufferFullException;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;

/**
 * Ships prediction, explanation and rejection records to Fluentd (forward protocol) without ever
 * blocking a request: callers only {@code offer} to a bounded queue; one thread hands records to
 * Fluency, which buffers and sends asynchronously in ack mode (a chunk stays in its buffer and is sent
 * again, same chunk id, until Fluentd acknowledges it). When Fluency's buffer is full (Fluentd hung, cut
 * or slower than the predictions) prediction and explanation records go to a spill on local disk
 * ({@link LogSpill}, {@code cd4ml.fluentd.spill.*}) and are read back in order as soon as there is room:
 * an outage costs disk, not records. Only a full queue or a full spill drops a record. The counters add
 * up: {@code emitted = sent + dropped + waiting in the spill} ({@code cd4ml_prediction_log_*}). Refused
 * requests have their own small queue and counters, drained a bounded number per pass after the
 * predictions, and are not spilled: a flood of bad requests drops rejection records, never prediction
 * records, and never slows a prediction. (Feedback has its own path that refuses instead of dropping:
 * {@link FeedbackSender}.)
 */
@ApplicationScoped
public class PredictionLogger {
  private static final Logger LOG = Logger.getLogger(PredictionLogger.class);
  /** After Fluency refused a record, how long the spill waits before it tries to hand records on again. */
  private static final long RETRY_NANOS = 20_000_000L;
  /** Rejection records handed to Fluency per pass at most, after the pass's predictions. */
  static final int REJECTIONS_PER_PASS = 64;
  /** Spilled records handed back to Fluency per pass at most, so the queue is drained in between. */
  static final int REPLAY_PER_PASS = 16_384;
  static final long SPILL_SEGMENT_BYTES = 32L << 20;

  private final FluentdConfig config;
  private final BlockingQueue<Entry> queue;
  private final BlockingQueue<RejectionRecord> rejections;
  private final Counter rejectionsSent;
  private final Counter rejectionsDropped;
  private final Counter emitted;
  private final Counter dropped;
  private final Counter sent;
  private final Counter spilled;
  private final Counter sendErrors;
  private volatile LogSpill spill;
  private volatile Path temporarySpill;
  private volatile Fluency fluency;
  private volatile Thread worker;
  private volatile boolean running;
  private volatile long lastDropWarning;
  private volatile long lastSpillNotice;

  /** {@code record} is a {@link PredictionRecord} or a map of fields. */
  private record Entry(String tag, long epochMillis, Object record) {}

  public PredictionLogger(FluentdConfig config, MeterRegistry registry) {
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(Math.max(16, config.queueSize()));
    this.emitted = Counter.builder("cd4ml.prediction.log.emitted")
        .description("Prediction and explanation log records produced (taken by the shipper or dropped at its full queue)")
        .register(registry);
    this.sent = Counter.builder("cd4ml.prediction.log.sent")
        .description("Log records handed to Fluency's buffer (kept and sent again until Fluentd acknowledges them)")
        .register(registry);
    this.spilled = Counter.builder("cd4ml.prediction.log.spilled")
        .description("Log records written to the spill on disk because Fluency's buffer was full (sent once there is room)")
        .register(registry);
    this.dropped = Counter.builder("cd4ml.prediction.log.dropped")
        .description("Log records lost: the queue or the spill was full (or the spill failed)")
        .register(registry);
    this.sendErrors = Counter.builder("cd4ml.prediction.log.send.errors")
        .description("Chunks Fluentd did not take or acknowledge within Fluency's retries (about a minute); kept and sent again")
        .register(registry);
    Gauge.builder("cd4ml.prediction.log.buffered.bytes", this, l -> l.fluency == null ? 0 : l.fluency.getBufferedDataSize())
        .description("Bytes in Fluency's memory buffer, not yet acknowledged by Fluentd").baseUnit("bytes").register(registry);
    Gauge.builder("cd4ml.prediction.log.queue", queue, BlockingQueue::size)
        .description("Records waiting to be handed to Fluency").register(registry);
    Gauge.builder("cd4ml.prediction.log.spill", this, l -> l.spill == null ? 0 : l.spill.records())
        .description("Records waiting in the spill on disk").register(registry);
    Gauge.builder("cd4ml.prediction.log.spill.bytes", this, l -> l.spill == null ? 0 : l.spill.bytes())
        .description("Bytes the spill takes on disk").baseUnit("bytes").register(registry);
    this.rejections = new ArrayBlockingQueue<>(Math.max(16, config.rejectionQueueSize()));
    this.rejectionsSent = Counter.builder("cd4ml.rejection.log.emitted")
        .description("Records of refused prediction requests handed to Fluency").register(registry);
    this.rejectionsDropped = Counter.builder("cd4ml.rejection.log.dropped")
        .description("Records of refused prediction requests dropped (their queue or Fluency's buffer was full)")
        .register(registry);
  }

  void start(@Observes StartupEvent ev) {
    if (!config.enabled()) {
      LOG.info("prediction logging to Fluentd is disabled (cd4ml.fluentd.enabled=false)");
      return;
    }
    try {
      Path dir;
      if (config.spill().dir().isPresent()) {
        dir = Path.of(config.spill().dir().get());
      } else {
        dir = Files.createTempDirectory("cd4ml-prediction-log-spill-");
        temporarySpill = dir;
      }
      long max = config.spill().maxSize().asLongValue();
      spill = new LogSpill(dir, max, Math.min(SPILL_SEGMENT_BYTES, max));
      if (spill.leftSegments() > 0) {
        LOG.infof("%d spill segment(s), %d bytes, left in %s by an earlier run: sending them first",
            spill.leftSegments(), spill.bytes(), dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the prediction log spill: " + e, e);
    }
    FluencyBuilderForFluentd b = new FluencyBuilderForFluentd();
    long max = config.bufferSize().asLongValue();
    int chunk = (int) Math.min(config.chunkSize().asLongValue(), max / 4);
    b.setMaxBufferSize(max);
    b.setBufferChunkInitialSize(Math.max(1024, chunk / 4));
    b.setBufferChunkRetentionSize(Math.max(4096, chunk));
    b.setFlushAttemptIntervalMillis(config.flushIntervalMs());
    b.setBufferChunkRetentionTimeMillis(config.flushIntervalMs());
    // Ack mode: a chunk written into a connection that is then cut is sent again, not lost. The sender
    // retries the same chunk (same chunk id, which the local receiver stores once) for about a minute, then
    // counts a send error and keeps the chunk for the next flush (a new chunk id: a copy that did arrive is
    // overwritten in the index by its document id); meanwhile the spill takes the overflow.
    b.setAckResponseMode(true);
    b.setSenderMaxRetryCount(12);
    b.setSenderBaseRetryIntervalMillis(200);
    b.setSenderMaxRetryIntervalMillis(2000);
    b.setConnectionTimeoutMilli(2000);
    b.setReadTimeoutMilli((int) Math.max(500, config.ackTimeout().toMillis()));
    b.setErrorHandler(e -> {
      sendErrors.increment();
      warn("Fluentd at " + config.host() + ":" + config.port() + " does not answer, Fluency retries: " + e);
    });
    fluency = b.build(config.host(), config.port());
    running = true;
    Thread t = new Thread(this::drain, "prediction-log-shipper");
    t.setDaemon(true);
    worker = t;
    t.start();
    LOG.infof("prediction logs go to Fluentd at %s:%d (tag %s), overflow to %s (at most %d bytes)", config.host(),
        config.port(), PredictionLogFields.PREDICTION_TAG, spill.dir(), config.spill().maxSize().asLongValue());
  }

  /** Never blocks: queues the record or counts it as dropped. */
  public void log(String tag, Map<String, Object> record) {
    offer(new Entry(tag, System.currentTimeMillis(), record));
  }

  /** Never blocks: queues the prediction's record (tag {@value PredictionLogFields#PREDICTION_TAG}) or counts it as dropped. */
  public void log(PredictionRecord record) {
    offer(new Entry(PredictionLogFields.PREDICTION_TAG, record.epochMillis(), record));
  }

  /** Never blocks: queues the record of a refused request (tag {@value PredictionLogFields#REJECTION_TAG}) or counts it as dropped. */
  public void log(RejectionRecord record) {
    if (running && !rejections.offer(record)) {
      rejectionsDropped.increment();
    }
  }

  private void offer(Entry entry) {
    if (!running) {
      return;
    }
    if (!queue.offer(entry)) {
      emitted.increment();
      drop("queue full");
    }
  }

  /**
   * Drains in batches and naps when the queue is empty instead of blocking on it: a blocked consumer
   * would be woken (a futex call and a context switch) by every single offer, which costs more than
   * the prediction itself on a small machine. Records wait at most a couple of milliseconds. While
   * anything waits in the spill, new records are appended behind it, so the log keeps its order.
   */
  private void drain() {
    MsgPackWriter packer = new MsgPackWriter();
    List<Entry> batch = new ArrayList<>(512);
    List<RejectionRecord> refused = new ArrayList<>(REJECTIONS_PER_PASS);
    long retryAt = 0; // nanoTime before which Fluency is not offered records again; 0 = now
    while (running || !queue.isEmpty()) {
      batch.clear();
      refused.clear();
      int n = queue.drainTo(batch, 512);
      int r = rejections.drainTo(refused, REJECTIONS_PER_PASS);
      boolean spillWaiting = !spill.isEmpty();
      if (n == 0 && r == 0 && !spillWaiting) {
        LockSupport.parkNanos(2_000_000L);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        continue;
      }
      emitted.increment(n);
      boolean fluencyFull = retryAt != 0 && System.nanoTime() - retryAt < 0;
      if (spillWaiting && !fluencyFull) {
        fluencyFull = !replay();
      }
      int handed = 0;
      int toSpill = 0;
      int lost = 0;
      for (Entry e : batch) {
        try {
          packer.reset();
          if (e.record() instanceof PredictionRecord p) {
            p.writeTo(packer);
          } else {
            packer.value(e.record());
          }
          if (!fluencyFull && spill.isEmpty()) {
            try {
              // Fluency copies the bytes into its own buffer before emit returns: the array is reused.
              fluency.emit(e.tag(), EventTime.fromEpochMilli(e.epochMillis()), packer.array(), 0, packer.length());
              handed++;
              continue;
            } catch (BufferFullException full) {
              fluencyFull = true;
            }
          }
          if (spill.append(e.tag(), e.epochMillis(), packer.array(), 0, packer.length())) {
            toSpill++;
          } else {
            lost++;
            warn("dropping prediction log records: the spill is full (" + spill.bytes() + " bytes in " + spill.dir() + ")");
          }
        } catch (Exception ex) {
          lost++;
          warn("dropping prediction log records: " + ex);
        }
      }
      sent.increment(handed);
      spilled.increment(toSpill);
      dropped.increment(lost);
      if (toSpill > 0) {
        spillNotice();
      }
      if (fluencyFull) {
        retryAt = System.nanoTime() + RETRY_NANOS;
      } else {
        retryAt = 0;
      }
      // After the pass's predictions, and a bounded number: refused requests never crowd predictions out.
      for (RejectionRecord rejection : refused) {
        if (fluencyFull || !spill.isEmpty()) {
          rejectionsDropped.increment(); // not spilled: a flood of them must not take the predictions' disk
          continue;
        }
        try {
          packer.reset();
          packer.value(rejection.fields());
          fluency.emit(PredictionLogFields.REJECTION_TAG, EventTime.fromEpochMilli(rejection.epochMillis()),
              packer.array(), 0, packer.length());
          rejectionsSent.increment();
        } catch (BufferFullException full) {
          fluencyFull = true;
          retryAt = System.nanoTime() + RETRY_NANOS;
          rejectionsDropped.increment();
        } catch (Exception ex) {
          rejectionsDropped.increment();
        }
      }
      if (n == 0 && r == 0 && fluencyFull) {
        LockSupport.parkNanos(RETRY_NANOS); // only the spill waits, and Fluency has no room: wait for it
      }
    }
  }

  /** Hands spilled records back to Fluency, oldest first; false when Fluency's buffer is full again. */
  private boolean replay() {
    int handed = 0;
    try {
      while (handed < REPLAY_PER_PASS && spill.peek()) {
        try {
          fluency.emit(spill.tag(), EventTime.fromEpochMilli(spill.epochMillis()), spill.record(), 0, spill.length());
        } catch (BufferFullException full) {
          return false;
        }
        spill.take();
        handed++;
      }
      return true;
    } catch (IOException e) {
      warn("reading the prediction log spill failed: " + e);
      return false;
    } finally {
      sent.increment(handed);
    }
  }

  private void spillNotice() {
    long now = System.currentTimeMillis();
    if (now - lastSpillNotice > 10_000) {
      lastSpillNotice = now;
      LOG.warnf("Fluentd at %s:%d takes less than the predictions log: %d records wait in the spill (%d bytes in %s)",
          config.host(), config.port(), spill.records(), spill.bytes(), spill.dir());
    }
  }

  private void drop(String why) {
    dropped.increment();
    warn("dropping prediction log records: " + why);
  }

  private void warn(String message) {
    long now = System.currentTimeMillis();
    if (now - lastDropWarning > 10_000) { // at most one warning per 10 s, never a log storm
      lastDropWarning = now;
      LOG.warn(message);
    }
  }

  public double droppedCount() { return dropped.count(); }

  /** Records waiting in the spill on disk. */
  public long spilledWaiting() { return spill == null ? 0 : spill.records(); }

  void stop(@Observes ShutdownEvent ev) {
    running = false;
    Thread t = worker;
    try {
      if (t != null) {
        t.join(2000);
      }
      if (fluency != null) {
        fluency.flush();
        fluency.waitUntilAllBufferFlushed(2);
        fluency.close();
      }
    } catch (Exception e) {
      LOG.debugf("closing Fluency: %s", e.getMessage());
    }
    LogSpill s = spill;
    if (s != null) {
      try {
        s.close();
        if (temporarySpill != null) {
          if (s.records() > 0) {
            dropped.increment(s.records());
            LOG.warnf("%d prediction log records were still in the spill at stop and are lost with its temporary "
                + "directory (set cd4ml.fluentd.spill.dir to keep them for the next start)", s.records());
          }
          try (var files = Files.list(temporarySpill)) {
            for (Path f : files.toList()) {
              Files.deleteIfExists(f);
            }
          }
          Files.deleteIfExists(temporarySpill);
        }
      } catch (IOException e) {
        LOG.debugf("closing the spill: %s", e.getMessage());
      }
    }
  }
}
