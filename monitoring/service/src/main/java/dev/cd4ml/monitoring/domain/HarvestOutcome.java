package dev.cd4ml.monitoring.domain;

import java.util.Locale;

/**
 * How a harvest ended: a new dataset version ({@code created}), the same bytes as an existing one
 * ({@code unchanged}: content addressing, no new event), nothing posted ({@code skipped}, with the
 * reason) or an error ({@code failed}, with the reason; policy-driven ones are retried).
 * {@code running} while it is in flight.
 */
public enum HarvestOutcome {
  RUNNING, CREATED, UNCHANGED, SKIPPED, FAILED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HarvestOutcome parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
