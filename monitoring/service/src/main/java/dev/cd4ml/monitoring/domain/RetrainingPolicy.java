package dev.cd4ml.monitoring.domain;

import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a model's labelled production data is harvested into a new dataset version (which the
 * pipeline then trains on): on a drift or quality alert once enough rows of the alert's window are
 * labelled, when enough new labelled rows have accumulated since the last harvest, or on a schedule.
 *
 * @param environment     the environment whose predictions are harvested (its alerts trigger)
 * @param minLabelled     every trigger harvests only with at least this many labelled rows (at least 1)
 * @param onAlert         a drift-detected or quality-degraded alert of the environment triggers
 * @param accumulatedRows this many labelled rows since the last harvest trigger (0: off)
 * @param schedule        a harvest every this long (null: off)
 * @param lookback        where the first accumulated or scheduled window starts (now minus this)
 * @param alertPatience   how long an alert waits for enough labels before it is given up
 */
public record RetrainingPolicy(boolean enabled, String environment, HarvestPolicy harvest, long minLabelled,
    boolean onAlert, long accumulatedRows, Duration schedule, Duration lookback, Duration alertPatience) {

  public static final RetrainingPolicy OFF = new RetrainingPolicy(false, "production", HarvestPolicy.APPEND, 100, true, 0,
      null, Duration.ofHours(24), Duration.ofHours(1));

  public RetrainingPolicy {
    if (environment == null || environment.isBlank()) {
      throw new IllegalArgumentException("environment: required");
    }
    if (harvest == null) {
      throw new IllegalArgumentException("policy: append or window");
    }
    if (minLabelled < 1) {
      throw new IllegalArgumentException("minLabelled: must be at least 1");
    }
    if (accumulatedRows < 0) {
      throw new IllegalArgumentException("accumulatedRows: must be >= 0 (0 turns the trigger off)");
    }
    if (schedule != null && (schedule.isNegative() || schedule.isZero())) {
      throw new IllegalArgumentException("schedule: must be a positive duration, or absent (off)");
    }
    if (lookback == null || lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException("lookback: must be a positive duration");
    }
    if (alertPatience == null || alertPatience.isNegative()) {
      throw new IllegalArgumentException("alertPatience: must be a duration >= 0");
    }
  }

  /** Why this policy does not act on an alert event, or empty when it does. */
  public Optional<String> ignores(EventType type, ModelMonitorAlert alert) {
    if (!enabled) {
      return Optional.of("the retraining policy is off");
    }
    if (type != EventType.MODEL_MONITOR_DRIFT_DETECTED && type != EventType.MODEL_MONITOR_QUALITY_DEGRADED) {
      return Optional.of(type.wireName() + " does not trigger a harvest (only drift and quality alerts do)");
    }
    if (!onAlert) {
      return Optional.of("alerts do not trigger harvests in this policy");
    }
    if (!environment.equals(alert.environment())) {
      return Optional.of("the alert is about environment " + alert.environment() + ", the policy harvests " + environment);
    }
    return Optional.empty();
  }

  public boolean enoughLabels(long labelled) {
    return labelled >= minLabelled;
  }

  /** The window of labelled rows that counts as new: from the end of the last harvest's window (or the lookback) to now. */
  public Instant newRowsSince(Instant lastHarvestTo, Instant now) {
    Instant earliest = now.minus(lookback);
    return lastHarvestTo == null ? earliest : lastHarvestTo;
  }

  /** The accumulated-rows trigger fires. */
  public boolean accumulatedDue(long newLabelled) {
    return enabled && accumulatedRows > 0 && newLabelled >= Math.max(accumulatedRows, minLabelled);
  }

  /** The schedule is due: never harvested on schedule yet, or the last scheduled harvest is a period ago. */
  public boolean scheduleDue(Instant lastScheduled, Instant now) {
    return enabled && schedule != null && (lastScheduled == null || !lastScheduled.plus(schedule).isAfter(now));
  }

  /** An alert received at {@code receivedAt} still waits for labels at {@code now}. */
  public boolean stillPatient(Instant receivedAt, Instant now) {
    return !receivedAt.plus(alertPatience).isBefore(now);
  }
}
