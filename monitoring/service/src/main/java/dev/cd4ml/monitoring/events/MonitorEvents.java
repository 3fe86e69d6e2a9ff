package dev.cd4ml.monitoring.events;

import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import dev.cd4ml.monitoring.domain.Kinds;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces a served version turning to alert on {@code cd4ml.monitoring} through the outbox, keyed
 * by model so a model's alerts stay in order. Called inside the transaction that stores the report.
 */
@ApplicationScoped
public class MonitorEvents {
  public static final String SOURCE = "monitoring-service";

  private final Outbox outbox;

  public MonitorEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  public void alert(Kinds kind, Report r, String reportId) {
    EventType type = switch (kind) {
      case DRIFT -> EventType.MODEL_MONITOR_DRIFT_DETECTED;
      case FAIRNESS -> EventType.MODEL_MONITOR_FAIRNESS_BREACHED;
      case QUALITY -> EventType.MODEL_MONITOR_QUALITY_DEGRADED;
    };
    outbox.publish(type, SOURCE, r.model(), new ModelMonitorAlert(r.model(), r.environment(), r.version(), reportId,
        r.from(), r.to(), kind.findings(r)));
  }
}
