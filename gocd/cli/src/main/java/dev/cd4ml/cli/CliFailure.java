package dev.cd4ml.cli;

/** A failure the CLI reports as one line on stderr with a non-zero exit code. */
public class CliFailure extends RuntimeException {
  public CliFailure(String message) {
    super(message);
  }

  public CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
