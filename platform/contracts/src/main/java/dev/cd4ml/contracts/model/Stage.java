package dev.cd4ml.contracts.model;

/**
 * Stages are environments: staging is the test environment. {@code none} = registered, never staged;
 * {@code canary} = answers a share of production's requests beside the production version.
 */
public enum Stage {
  none, staging, canary, production, archived;

  public static Stage parse(String value) {
    for (Stage s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stage '" + value + "' (staging, canary, production, archived)");
  }
}
