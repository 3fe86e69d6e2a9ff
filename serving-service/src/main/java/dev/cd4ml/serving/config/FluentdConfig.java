package dev.cd4ml.serving.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Where prediction logs go (Fluentd forward protocol); env vars: CD4ML_FLUENTD_*. */
@ConfigMapping(prefix = "cd4ml.fluentd")
public interface FluentdConfig {
  @WithDefault("true")
  boolean enabled();

  @WithDefault("127.0.0.1")
  String host();

  @WithDefault("24224")
  int port();

  /** Records waiting to be handed to Fluency; a full queue drops (and counts) instead of blocking. */
  @WithName("queue-size")
  @WithDefault("32768")
  int queueSize();

  /** Fluency's in-memory buffer; when it is full (Fluentd hung, cut or slower), records go to the spill on disk. */
  @WithName("buffer-size")
  @WithDefault("64M")
  MemorySize bufferSize();

  /** Size of one buffer chunk (Fluency sends chunk by chunk). */
  @WithName("chunk-size")
  @WithDefault("1M")
  MemorySize chunkSize();

  @WithName("flush-interval-ms")
  @WithDefault("200")
  int flushIntervalMs();

  /** Refused prediction requests waiting to be logged (tag cd4ml.rejection); beyond, dropped and counted. */
  @WithName("rejection-queue-size")
  @WithDefault("1024")
  int rejectionQueueSize();

  /**
   * How long the prediction log waits for Fluentd's acknowledgement of a chunk before it sends it
   * again (same chunk id; the chunk stays in the buffer until it is acknowledged).
   */
  @WithName("ack-timeout")
  @WithDefault("5s")
  Duration ackTimeout();

  /** The prediction log's overflow on local disk while Fluency's buffer is full. */
  Spill spill();

  interface Spill {
    /**
     * Where spilled records wait. Unset: a fresh temporary directory per process, removed at stop.
     * Set: kept, and what an earlier run left there is sent first.
     */
    Optional<String> dir();

    /** Disk the spill may take; beyond it records are dropped and counted. */
    @WithName("max-size")
    @WithDefault("4G")
    MemorySize maxSize();
  }

  /** Feedback's own sender to the same Fluentd: it refuses (503) instead of dropping. */
  Feedback feedback();

  interface Feedback {
    /** Its own Fluency buffer; when it is full (Fluentd unreachable long enough), feedback is refused. */
    @WithName("buffer-size")
    @WithDefault("16M")
    MemorySize bufferSize();

    /** What a refusal's {@code Retry-After} says. */
    @WithName("retry-after")
    @WithDefault("5s")
    Duration retryAfter();
  }
}
