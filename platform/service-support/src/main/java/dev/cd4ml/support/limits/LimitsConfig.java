package dev.cd4ml.support.limits;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Slow and huge requests ({@code cd4ml.http.*}, env {@code CD4ML_HTTP_*}), the same in every service. The
 * connection-level timeouts are Quarkus' own keys, defaulted for all services in this jar's
 * {@code META-INF/microprofile-config.properties}.
 */
@ConfigMapping(prefix = "cd4ml.http")
public interface LimitsConfig {
  /**
   * A request body must deliver at least {@link #bodyMinRate()} bytes per second, measured over windows of this
   * length; a slower (or stalled) one is answered 408 and its connection closed, which frees the worker reading it.
   */
  @WithDefault("10s")
  Duration bodyTimeout();

  /** Slowest accepted body rate, bytes per second (averaged over {@link #bodyTimeout()}). */
  @WithDefault("1K")
  MemorySize bodyMinRate();

  Uploads uploads();

  interface Uploads {
    /**
     * Regular expressions of the paths whose POST/PUT bodies are uploads (streamed on a worker thread). Empty:
     * no cap.
     */
    Optional<List<String>> paths();

    /** Uploads in progress at once; one more is answered 503 with Retry-After before its body is read. */
    @WithDefault("8")
    int maxInFlight();

    /** The Retry-After of that 503. */
    @WithDefault("5s")
    Duration retryAfter();
  }
}
