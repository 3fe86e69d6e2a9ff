package dev.cd4ml.serving.events;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelVersionStageChanged;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.service.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hot swap trigger: a {@code model-version.stage-changed} of this instance's model that moves a
 * version into or out of its stage (or into the shadow's stage, or, for production, the canary's) asks the manager to reconcile with
 * the registry. The event is a trigger, not the truth: the registry says what the stage holds now,
 * so replayed or out-of-order events never load a stale version, and duplicates cost nothing.
 * Each instance consumes in its own group (see application.properties), so every instance sees
 * every event.
 */
@ApplicationScoped
public class ModelEventsConsumer {
  private static final Logger LOG = Logger.getLogger(ModelEventsConsumer.class);

  private final ModelManager models;
  private final ServingConfig config;

  public ModelEventsConsumer(ModelManager models, ServingConfig config) {
    this.models = models;
    this.config = config;
  }

  @Incoming("model-events")
  public void onEvent(String json) {
    try {
      EventEnvelope envelope = EventEnvelope.fromJson(json);
      if (!EventType.MODEL_VERSION_STAGE_CHANGED.wireName().equals(envelope.type())) {
        return;
      }
      ModelVersionStageChanged change = envelope.payloadAs(ModelVersionStageChanged.class);
      if (relevant(change)) {
        models.requestReconcile("event " + envelope.id() + ": " + change.model() + " v" + change.version() + " "
            + change.from() + " -> " + change.to());
      }
    } catch (RuntimeException e) {
      // A malformed event must not stop the channel; the periodic reconcile covers what it meant.
      LOG.warnf("ignoring unreadable event on %s: %s", "cd4ml.models", e.getMessage());
    }
  }

  boolean relevant(ModelVersionStageChanged change) {
    if (!config.model().equals(change.model())) {
      return false;
    }
    String mine = models.stage().name();
    if (mine.equalsIgnoreCase(change.to()) || mine.equalsIgnoreCase(change.from())) {
      return true;
    }
    if (models.stage() == Stage.production && config.canaryEnabled()
        && (Stage.canary.name().equalsIgnoreCase(change.to()) || Stage.canary.name().equalsIgnoreCase(change.from()))) {
      return true; // the production instance serves the canary too (and its weight changes arrive as canary -> canary)
    }
    ServingConfig.Shadow shadow = config.shadow();
    if (shadow.enabled() && shadow.stage().isPresent()) {
      Stage s = shadow.stage().get();
      return s.name().equalsIgnoreCase(change.to()) || s.name().equalsIgnoreCase(change.from());
    }
    return false;
  }
}
