package dev.cd4ml.monitoring.domain;

import java.util.Locale;

/** Why a harvest was attempted: a caller, a monitoring alert, accumulated labels, or the schedule. */
public enum HarvestTrigger {
  MANUAL, ALERT, ACCUMULATED, SCHEDULE;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HarvestTrigger parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
