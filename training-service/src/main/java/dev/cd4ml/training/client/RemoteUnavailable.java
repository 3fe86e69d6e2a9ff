package dev.cd4ml.training.client;

/** A neighbour could not be reached or answered 5xx; worth retrying later. */
public class RemoteUnavailable extends RuntimeException {
  public RemoteUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
