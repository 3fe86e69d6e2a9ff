package dev.cd4ml.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Makes a consumer idempotent on event id: handle the event only when this returns true. */
@ApplicationScoped
public class ProcessedEvents {
  private final EntityManager em;

  public ProcessedEvents(EntityManager em) {
    this.em = em;
  }

  /**
   * Claims the event for this consumer in the caller's transaction. If the handling rolls back,
   * so does the claim, and a redelivery is handled again.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean firstDelivery(String consumer, UUID eventId) {
    return em.createNativeQuery(
            "insert into cd4ml_processed_event (consumer, event_id) values (?1, ?2) on conflict do nothing")
        .setParameter(1, consumer)
        .setParameter(2, eventId)
        .executeUpdate() == 1;
  }
}
