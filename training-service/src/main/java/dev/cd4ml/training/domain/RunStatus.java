package dev.cd4ml.training.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The life of a run; the last three are terminal. */
public enum RunStatus {
  queued, loading, training, evaluating, registering, succeeded, failed, cancelled;

  public boolean terminal() {
    return this == succeeded || this == failed || this == cancelled;
  }

  public static RunStatus parse(String s) {
    for (RunStatus r : values()) {
      if (r.name().equals(s)) {
        return r;
      }
    }
    return null;
  }

  public static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
