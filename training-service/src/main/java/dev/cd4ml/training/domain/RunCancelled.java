package dev.cd4ml.training.domain;

/** Thrown at the next checkpoint after a run was cancelled. */
public class RunCancelled extends RuntimeException {
  public RunCancelled() {
    super("cancelled", null, false, false);
  }
}
