package dev.cd4ml.support.input;

/**
 * A service's own body limits by path, for {@link BodyLimit}: a bean implementing it replaces the one limit
 * {@code quarkus.http.limits.max-body-size} for every path (which stays Vert.x' backstop above them all).
 */
public interface BodyLimitPolicy {
  /** The largest body accepted on this path, in bytes. */
  long limit(String path);

  /** Heard for each body refused 413 ({@code declared} -1 when it had no Content-Length); on the event loop. */
  default void refused(String path, long declared, long limit) {}
}
