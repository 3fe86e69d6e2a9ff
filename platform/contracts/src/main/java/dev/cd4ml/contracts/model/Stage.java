package dev.cd4ml.contracts.model;

/** Stages are environments: staging is the test environment. {@code none} = registered, never staged. */
public enum Stage {
  none, staging, production, archived;

  public static Stage parse(String value) {
    for (Stage s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stage '" + value + "' (staging, production, archived)");
  }
}
