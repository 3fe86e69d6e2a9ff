package dev.cd4ml.registry.events;

import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.ModelVersionRegistered;
import dev.cd4ml.contracts.events.ModelVersionStageChanged;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.outbox.Outbox;
import dev.cd4ml.registry.repository.ModelVersionEntity;
import dev.cd4ml.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces registry changes on {@code cd4ml.models} through the outbox, keyed by model name so a
 * model's events stay in order. Must be called inside the transaction that makes the change.
 */
@ApplicationScoped
public class RegistryEvents {
  public static final String SOURCE = "registry-service";

  private final Outbox outbox;
  private final ObjectStore store;

  public RegistryEvents(Outbox outbox, ObjectStore store) {
    this.outbox = outbox;
    this.store = store;
  }

  public void registered(ModelVersionEntity v) {
    outbox.publish(EventType.MODEL_VERSION_REGISTERED, SOURCE, v.model, new ModelVersionRegistered(
        v.model, v.version, v.trainingRunId, v.dataset, v.dataVersion, v.codeRevision,
        store.uri(v.artifactKey), v.artifactSha256));
  }

  public void stageChanged(ModelVersionEntity v, String from, String to, String actor) {
    outbox.publish(EventType.MODEL_VERSION_STAGE_CHANGED, SOURCE, v.model, new ModelVersionStageChanged(
        v.model, v.version, from, to, store.uri(v.artifactKey), v.artifactSha256, actor,
        Stage.canary.name().equals(to) ? v.trafficWeight : null));
  }
}
