package dev.cd4ml.training.service;

import java.util.UUID;

/** The live state of a run that is queued or executing in this process (progress is not written per row). */
public final class ActiveRun {
  final UUID id;
  volatile String phase = "queued";
  volatile int percent;
  volatile long rowsLoaded;
  volatile Long rowsExpected;
  volatile boolean cancelled;
  volatile Thread thread;

  ActiveRun(UUID id) {
    this.id = id;
  }

  public String phase() { return phase; }
  public int percent() { return percent; }
  public long rowsLoaded() { return rowsLoaded; }
  public Long rowsExpected() { return rowsExpected; }
  public boolean cancelled() { return cancelled; }
}
