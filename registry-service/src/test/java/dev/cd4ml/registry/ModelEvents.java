package dev.cd4ml.registry;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.contract.TopicEvents;
import java.util.List;

/** Reads what really is on the {@code cd4ml.models} topic. */
public final class ModelEvents {
  private ModelEvents() {}

  /** Every envelope keyed by {@code model}, in topic order; call once the outbox is drained. */
  public static List<EventEnvelope> of(String bootstrapServers, String model) {
    return TopicEvents.read(bootstrapServers, Topics.MODELS, model);
  }
}
