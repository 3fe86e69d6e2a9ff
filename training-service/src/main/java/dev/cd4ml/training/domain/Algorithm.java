package dev.cd4ml.training.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The training algorithms a run can ask for, by their wire name. */
public enum Algorithm {
  CART("cart"),
  RANDOM_FOREST("random-forest");

  private final String wireName;

  Algorithm(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** @return null when the name is unknown, so callers can report the field */
  public static Algorithm fromWireName(String name) {
    for (Algorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  public static String names() {
    return Arrays.stream(values()).map(Algorithm::wireName).collect(Collectors.joining(", "));
  }
}
