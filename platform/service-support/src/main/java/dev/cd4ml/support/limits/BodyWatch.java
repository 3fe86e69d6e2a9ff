package dev.cd4ml.support.limits;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.LongConsumer;

/** Puts a request body under its connection's {@link BodyGuard}: minimum rate, and a cap when it is chunked. */
@ApplicationScoped
public class BodyWatch {
  private final long windowNanos;
  private final long minBytesPerWindow;

  public BodyWatch(LimitsConfig config) {
    this.windowNanos = config.bodyTimeout().toNanos();
    this.minBytesPerWindow = Math.max(1, config.bodyMinRate().asLongValue() * config.bodyTimeout().toMillis() / 1000);
  }

  /** From a route handler (event loop), before anything reads the body; {@code limit} Long.MAX_VALUE for none. */
  public void watch(HttpServerRequest request, String path, long limit, LongConsumer onRefused) {
    BodyGuard guard = BodyGuard.of(request, windowNanos, minBytesPerWindow);
    if (guard != null) {
      guard.request(path, limit, onRefused);
    }
  }
}
