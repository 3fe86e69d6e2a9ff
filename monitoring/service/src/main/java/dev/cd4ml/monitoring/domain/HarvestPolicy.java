package dev.cd4ml.monitoring.domain;

import java.util.Locale;

/** What a harvest posts: the parent's rows followed by the window's labelled rows, or those rows alone. */
public enum HarvestPolicy {
  APPEND, WINDOW;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but append or window */
  public static HarvestPolicy parse(String value) {
    for (HarvestPolicy p : values()) {
      if (p.json().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not a harvest policy (append or window)");
  }
}
