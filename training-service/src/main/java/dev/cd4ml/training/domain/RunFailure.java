package dev.cd4ml.training.domain;

/** A run cannot go on; the message is the one-line reason users see on the run. */
public class RunFailure extends RuntimeException {
  public RunFailure(String reason) {
    super(reason);
  }

  public RunFailure(String reason, Throwable cause) {
    super(reason, cause);
  }
}
