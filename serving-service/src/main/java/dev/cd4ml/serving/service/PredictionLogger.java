package dev.cd4ml.serving.service;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.serving.config.FluentdConfig;
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
 * Fluency, which buffers and sends asynchronously. A full queue or a full Fluency buffer (Fluentd
 * down) drops the record and counts it in {@code cd4ml_prediction_log_dropped_total}. Refused requests
 * have their own small queue and counters, drained a bounded number per pass after the predictions:
 * a flood of bad requests drops rejection records, never prediction records, and never slows a prediction.
 * (Feedback has its own path that refuses instead of dropping: {@link FeedbackSender}.)
 */
@ApplicationScoped
public class PredictionLogger {
  private static final Logger LOG = Logger.getLogger(PredictionLogger.class);
  private static final long SHED_NANOS = 50_000_000L;
  /** Rejection records handed to Fluency per pass at most, after the pass's predictions. */
  static final int REJECTIONS_PER_PASS = 64;

  private final FluentdConfig config;
  private final BlockingQueue<Entry> queue;
  private final BlockingQueue<RejectionRecord> rejections;
  private final Counter rejectionsSent;
  private final Counter rejectionsDropped;
  private final Counter dropped;
  private final Counter sent;
  private final Counter sendErrors;
  private volatile Fluency fluency;
  private volatile Thread worker;
  private volatile boolean running;
  private volatile long lastDropWarning;

  /** {@code record} is a {@link PredictionRecord} or a map of fields. */
  private record Entry(String tag, long epochMillis, Object record) {}

  public PredictionLogger(FluentdConfig config, MeterRegistry registry) {
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(Math.max(16, config.queueSize()));
    this.dropped = Counter.builder("cd4ml.prediction.log.dropped")
        .description("Prediction/feedback log records dropped because the queue or Fluency's buffer was full")
        .register(registry);
    this.sent = Counter.builder("cd4ml.prediction.log.emitted")
        .description("Log records handed to Fluency's buffer")
        .register(registry);
    this.sendErrors = Counter.builder("cd4ml.prediction.log.send.errors")
        .description("Failed attempts of Fluency to send a chunk to Fluentd (it retries)")
        .register(registry);
    Gauge.builder("cd4ml.prediction.log.queue", queue, BlockingQueue::size)
        .description("Records waiting to be handed to Fluency").register(registry);
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
    FluencyBuilderForFluentd b = new FluencyBuilderForFluentd();
    long max = config.bufferSize().asLongValue();
    int chunk = (int) Math.min(config.chunkSize().asLongValue(), max / 4);
    b.setMaxBufferSize(max);
    b.setBufferChunkInitialSize(Math.max(1024, chunk / 4));
    b.setBufferChunkRetentionSize(Math.max(4096, chunk));
    b.setFlushAttemptIntervalMillis(config.flushIntervalMs());
    b.setBufferChunkRetentionTimeMillis(config.flushIntervalMs());
    b.setSenderMaxRetryCount(2);
    b.setConnectionTimeoutMilli(2000);
    b.setReadTimeoutMilli(2000);
    b.setErrorHandler(e -> {
      sendErrors.increment();
      warn("Fluentd at " + config.host() + ":" + config.port() + " unreachable, Fluency retries: " + e);
    });
    fluency = b.build(config.host(), config.port());
    running = true;
    Thread t = new Thread(this::drain, "prediction-log-shipper");
    t.setDaemon(true);
    worker = t;
    t.start();
    LOG.infof("prediction logs go to Fluentd at %s:%d (tag %s)", config.host(), config.port(),
        PredictionLogFields.PREDICTION_TAG);
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
      drop("queue full");
    }
  }

  /**
   * Drains in batches and naps when the queue is empty instead of blocking on it: a blocked consumer
   * would be woken (a futex call and a context switch) by every single offer, which costs more than
   * the prediction itself on a small machine. Records wait at most a couple of milliseconds.
   */
  private void drain() {
    MsgPackWriter packer = new MsgPackWriter();
    List<Entry> batch = new ArrayList<>(512);
    List<RejectionRecord> refused = new ArrayList<>(REJECTIONS_PER_PASS);
    long shedUntil = 0;
    while (running || !queue.isEmpty()) {
      batch.clear();
      refused.clear();
      int n = queue.drainTo(batch, 512);
      int r = rejections.drainTo(refused, REJECTIONS_PER_PASS);
      if (n == 0 && r == 0) {
        LockSupport.parkNanos(2_000_000L);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        continue;
      }
      for (Entry e : batch) {
        // Once Fluency's buffer is full (Fluentd down or slower than us), drop without trying for a
        // while: a refused emit costs a packed record and an exception, CPU the predictions need.
        if (shedUntil != 0 && System.nanoTime() - shedUntil < 0) {
          dropped.increment();
          continue;
        }
        shedUntil = 0;
        try {
          packer.reset();
          if (e.record() instanceof PredictionRecord p) {
            p.writeTo(packer);
          } else {
            packer.value(e.record());
          }
          // Fluency copies the bytes into its own buffer before emit returns: the array is reused.
          fluency.emit(e.tag(), EventTime.fromEpochMilli(e.epochMillis()), packer.array(), 0, packer.length());
          sent.increment();
        } catch (BufferFullException full) {
          shedUntil = System.nanoTime() + SHED_NANOS;
          drop("Fluency buffer full (Fluentd unreachable or slower than the predictions)");
        } catch (Exception ex) {
          drop(ex.toString());
        }
      }
      // After the pass's predictions, and a bounded number: refused requests never crowd predictions out.
      for (RejectionRecord rejection : refused) {
        if (shedUntil != 0 && System.nanoTime() - shedUntil < 0) {
          rejectionsDropped.increment();
          continue;
        }
        try {
          packer.reset();
          packer.value(rejection.fields());
          fluency.emit(PredictionLogFields.REJECTION_TAG, EventTime.fromEpochMilli(rejection.epochMillis()),
              packer.array(), 0, packer.length());
          rejectionsSent.increment();
        } catch (BufferFullException full) {
          shedUntil = System.nanoTime() + SHED_NANOS;
          rejectionsDropped.increment();
        } catch (Exception ex) {
          rejectionsDropped.increment();
        }
      }
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
  }
}
