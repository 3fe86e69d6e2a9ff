package dev.cd4ml.serving.support;

import dev.cd4ml.serving.config.FluentdConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;

/** A {@link FluentdConfig} for plain tests: a receiver on 127.0.0.1:{@code port}, small buffers, fast flushes. */
public record TestFluentd(boolean enabled, int port, long feedbackBuffer, int rejectionQueue) implements FluentdConfig {
  @Override public String host() { return "127.0.0.1"; }
  @Override public int queueSize() { return 4096; }
  @Override public MemorySize bufferSize() { return new MemorySize(java.math.BigInteger.valueOf(256 * 1024)); }
  @Override public MemorySize chunkSize() { return new MemorySize(java.math.BigInteger.valueOf(32 * 1024)); }
  @Override public int flushIntervalMs() { return 50; }
  @Override public int rejectionQueueSize() { return rejectionQueue; }

  @Override
  public Feedback feedback() {
    return new Feedback() {
      @Override public MemorySize bufferSize() { return new MemorySize(java.math.BigInteger.valueOf(feedbackBuffer)); }
      @Override public Duration retryAfter() { return Duration.ofMillis(2500); }
    };
  }
}
