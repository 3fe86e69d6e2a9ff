package dev.cd4ml.training.client;

/**
 * A neighbour answered with a 4xx: the request itself is wrong, so retrying cannot help and the
 * circuit breaker does not count it as a failure of the neighbour.
 */
public class RemoteRejected extends RuntimeException {
  private final int status;

  public RemoteRejected(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
