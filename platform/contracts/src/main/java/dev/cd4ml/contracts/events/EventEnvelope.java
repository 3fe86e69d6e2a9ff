package dev.cd4ml.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every event travels in. Consumers deduplicate on {@code id}: the outbox
 * delivers at least once, so a consumer may see the same id twice.
 *
 * @param type          {@code entity.action}, see {@link EventType}
 * @param schemaVersion version of the payload's schema for this type; additive changes keep it
 * @param source        the service that produced the event
 * @param payload       the typed payload as JSON; read it with {@link #payloadAs(Class)}
 */
public record EventEnvelope(
    UUID id, String type, int schemaVersion, Instant occurredAt, String source, JsonNode payload) {

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
  }

  /** Wraps a payload in a new envelope with a fresh id. */
  public static EventEnvelope of(EventType type, String source, Object payload) {
    if (!type.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(
          type.wireName() + " carries " + type.payloadType().getSimpleName()
              + ", not " + payload.getClass().getSimpleName());
    }
    return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.schemaVersion(),
        Instant.now(), source, EventJson.MAPPER.valueToTree(payload));
  }

  public <T> T payloadAs(Class<T> payloadType) {
    try {
      return EventJson.MAPPER.treeToValue(payload, payloadType);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("payload of " + type + " is not a " + payloadType.getSimpleName(), e);
    }
  }

  public String toJson() {
    return EventJson.write(this);
  }

  public static EventEnvelope fromJson(String json) {
    return EventJson.read(json, EventEnvelope.class);
  }
}
