package dev.cd4ml.monitoring.events;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelMonitorAlert;
import dev.cd4ml.monitoring.service.RetrainingService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * monitoring-service consuming its own alerts ({@code cd4ml.monitoring}): a drift or quality alert
 * is a retraining trigger. One consumer group for all instances (each alert is acted on once;
 * the event id is also deduplicated in the database, as delivery is at least once).
 */
@ApplicationScoped
public class AlertConsumer {
  private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

  private final RetrainingService retraining;

  public AlertConsumer(RetrainingService retraining) {
    this.retraining = retraining;
  }

  @Incoming("monitor-alerts")
  @Blocking(ordered = true)
  @ActivateRequestContext // the policy and trigger tables are read outside a transaction
  public void onEvent(String json) {
    try {
      EventEnvelope envelope = EventEnvelope.fromJson(json);
      EventType type = EventType.fromWireName(envelope.type());
      if (type != EventType.MODEL_MONITOR_DRIFT_DETECTED && type != EventType.MODEL_MONITOR_QUALITY_DEGRADED) {
        return;
      }
      retraining.onAlert(envelope.id().toString(), type, envelope.payloadAs(ModelMonitorAlert.class));
    } catch (RuntimeException e) {
      // A bad event or a passing failure must not stop the channel; the periodic check covers waiting alerts.
      LOG.warnf("alert not acted on: %s", e.getMessage());
    }
  }
}
