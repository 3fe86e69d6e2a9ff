package dev.cd4ml.outbox;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * Records an event in the caller's transaction: it reaches Kafka if and only if the change it
 * announces commits.
 */
@ApplicationScoped
public class Outbox {
  private final EntityManager em;
  private final TransactionSynchronizationRegistry txRegistry;
  private final OutboxRelay relay;

  public Outbox(EntityManager em, TransactionSynchronizationRegistry txRegistry, OutboxRelay relay) {
    this.em = em;
    this.txRegistry = txRegistry;
    this.relay = relay;
  }

  /** @param key the Kafka record key: events with one key keep their order (e.g. the dataset name). */
  @Transactional(Transactional.TxType.MANDATORY)
  public EventEnvelope publish(EventType type, String source, String key, Object payload) {
    EventEnvelope envelope = EventEnvelope.of(type, source, payload);
    em.createNativeQuery("insert into cd4ml_outbox (id, topic, event_key, event_type, envelope) values (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, envelope.id())
        .setParameter(2, type.topic())
        .setParameter(3, key)
        .setParameter(4, type.wireName())
        .setParameter(5, envelope.toJson())
        .executeUpdate();
    // Relay right after commit instead of waiting for the next poll.
    txRegistry.registerInterposedSynchronization(new Synchronization() {
      @Override public void beforeCompletion() {}
      @Override public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          relay.wake();
        }
      }
    });
    return envelope;
  }
}
