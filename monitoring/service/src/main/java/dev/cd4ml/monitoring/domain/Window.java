package dev.cd4ml.monitoring.domain;

import java.time.Instant;

/** The predictions of one model version in one environment made in [{@code from}, {@code to}). */
public record Window(String model, String environment, int version, Instant from, Instant to) {
  public Window {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the window's 'from' must be before its 'to'");
    }
  }
}
