package dev.cd4ml.serving.support;

import dev.cd4ml.serving.config.FluentdConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link FluentdConfig} for plain tests: a receiver on 127.0.0.1:{@code port}, small buffers, fast flushes,
 * a spill of {@code spillBytes} in a temporary directory.
 */
public record TestFluentd(boolean enabled, int port, long feedbackBuffer, int rejectionQueue, long spillBytes)
    implements FluentdConfig {

  public TestFluentd(boolean enabled, int port, long feedbackBuffer, int rejectionQueue) {
    this(enabled, port, feedbackBuffer, rejectionQueue, 64L << 20);
  }

  @Override public String host() { return "127.0.0.1"; }
  @Override public int queueSize() { return 4096; }
  @Override public MemorySize bufferSize() { return new MemorySize(BigInteger.valueOf(256 * 1024)); }
  @Override public MemorySize chunkSize() { return new MemorySize(BigInteger.valueOf(32 * 1024)); }
  @Override public int flushIntervalMs() { return 50; }
  @Override public int rejectionQueueSize() { return rejectionQueue; }
  @Override public Duration ackTimeout() { return Duration.ofSeconds(2); }

  @Override
  public Spill spill() {
    return new Spill() {
      @Override public Optional<String> dir() { return Optional.empty(); }
      @Override public MemorySize maxSize() { return new MemorySize(BigInteger.valueOf(spillBytes)); }
    };
  }

  @Override
  public Feedback feedback() {
    return new Feedback() {
      @Override public MemorySize bufferSize() { return new MemorySize(BigInteger.valueOf(feedbackBuffer)); }
      @Override public Duration retryAfter() { return Duration.ofMillis(2500); }
    };
  }
}
