package dev.cd4ml.serving.service;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.serving.config.FluentdConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.komamitsu.fluency.BufferFullException;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;

/**
 * Feedback's own path to Fluentd, apart from the prediction log (whose queue drops under load): its
 * own Fluency instance and buffer, same destination, in ack mode (a chunk counts as sent once Fluentd
 * acknowledged it; until then it stays buffered and is resent). The caller learns at once whether the
 * record was taken: when the buffer is full — Fluentd unreachable long enough, or slower than the
 * feedback — it is refused, and the client is told to retry, never dropped silently.
 */
@ApplicationScoped
public class FeedbackSender {
  private static final Logger LOG = Logger.getLogger(FeedbackSender.class);

  /** What became of one piece of feedback. */
  public enum Outcome {
    ACCEPTED(null),
    /** Fluency's buffer is full: Fluentd is unreachable or slower than the feedback. */
    BUFFER_FULL("buffer-full"),
    /** Prediction logging is off ({@code cd4ml.fluentd.enabled=false}): nothing could record it. */
    LOGGING_OFF("logging-off"),
    /** Bad request (missing fields, a label the model does not have). */
    INVALID("invalid");

    private final String reason;

    Outcome(String reason) {
      this.reason = reason;
    }

    /** The {@code reason} tag of {@code cd4ml_feedback_refused_total}. */
    public String reason() { return reason; }
  }

  private final FluentdConfig config;
  private final Counter accepted;
  private final Map<Outcome, Counter> refused = new EnumMap<>(Outcome.class);
  private volatile Fluency fluency;
  private volatile long lastWarning;

  public FeedbackSender(FluentdConfig config, MeterRegistry registry) {
    this.config = config;
    this.accepted = Counter.builder("cd4ml.feedback.accepted")
        .description("Feedback taken into its Fluentd buffer (sent and acknowledged, or resent until it is)")
        .register(registry);
    for (Outcome o : Outcome.values()) {
      if (o.reason() != null) {
        refused.put(o, Counter.builder("cd4ml.feedback.refused").tag("reason", o.reason())
            .description("Feedback refused: 503 with Retry-After (buffer-full, logging-off) or 400 (invalid)")
            .register(registry));
      }
    }
  }

  void onStart(@Observes StartupEvent ev) {
    start();
  }

  /** Builds the sender (a no-op with logging off). */
  void start() {
    if (!config.enabled()) {
      return;
    }
    FluencyBuilderForFluentd b = new FluencyBuilderForFluentd();
    long max = config.feedback().bufferSize().asLongValue();
    // Feedback is small and rare next to predictions: small chunks, flushed at the log's interval.
    int chunk = (int) Math.max(1024, Math.min(64 * 1024, max / 8));
    b.setMaxBufferSize(max);
    b.setBufferChunkInitialSize(Math.max(512, chunk / 4));
    b.setBufferChunkRetentionSize(chunk);
    b.setFlushAttemptIntervalMillis(config.flushIntervalMs());
    b.setBufferChunkRetentionTimeMillis(config.flushIntervalMs());
    b.setAckResponseMode(true);
    b.setSenderMaxRetryCount(2);
    b.setConnectionTimeoutMilli(2000);
    b.setReadTimeoutMilli(5000);
    b.setErrorHandler(e -> warn("Fluentd at " + config.host() + ":" + config.port()
        + " unreachable for feedback, kept in its buffer and resent: " + e));
    fluency = b.build(config.host(), config.port());
    LOG.infof("feedback goes to Fluentd at %s:%d (tag %s, own buffer of %d bytes)", config.host(), config.port(),
        PredictionLogFields.FEEDBACK_TAG, max);
  }

  /** Takes the record into the buffer or says why not; never blocks. */
  public Outcome send(Map<String, Object> record, Instant at) {
    Fluency f = fluency;
    if (f == null) {
      return refuse(Outcome.LOGGING_OFF);
    }
    try {
      f.emit(PredictionLogFields.FEEDBACK_TAG, EventTime.fromEpochMilli(at.toEpochMilli()), record);
      accepted.increment();
      return Outcome.ACCEPTED;
    } catch (BufferFullException full) {
      warn("feedback buffer full (" + f.getBufferedDataSize() + " bytes waiting for Fluentd): refusing feedback");
      return refuse(Outcome.BUFFER_FULL);
    } catch (Exception e) {
      // Fluency refuses a record only when it cannot buffer it: the client can send it again.
      warn("feedback not buffered: " + e);
      return refuse(Outcome.BUFFER_FULL);
    }
  }

  /** Counts a feedback the resource refused itself. */
  public void invalid() {
    refuse(Outcome.INVALID);
  }

  private Outcome refuse(Outcome o) {
    refused.get(o).increment();
    return o;
  }

  /** {@code Retry-After} of a refusal, in whole seconds (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, (config.feedback().retryAfter().toMillis() + 999) / 1000);
  }

  private void warn(String message) {
    long now = System.currentTimeMillis();
    if (now - lastWarning > 10_000) { // at most one warning per 10 s
      lastWarning = now;
      LOG.warn(message);
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    close();
  }

  /** Sends what is buffered (waiting a few seconds for Fluentd) and closes. */
  void close() {
    Fluency f = fluency;
    fluency = null;
    if (f == null) {
      return;
    }
    try {
      f.flush();
      if (!f.waitUntilAllBufferFlushed(5)) {
        LOG.warnf("%d bytes of feedback not acknowledged by Fluentd at shutdown", f.getBufferedDataSize());
      }
      f.close();
    } catch (Exception e) {
      LOG.debugf("closing the feedback sender: %s", e.getMessage());
    }
  }
}
