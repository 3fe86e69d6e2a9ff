package dev.cd4ml.monitoring.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Retraining policies set through the API (JSON), and the alerts waiting for labels. */
@ApplicationScoped
public class PolicyRepository {
  private final EntityManager em;

  public PolicyRepository(EntityManager em) {
    this.em = em;
  }

  public Optional<String> policy(String model) {
    List<?> rows = em.createNativeQuery("select cast(policy as text) from monitoring_retraining_policy where model = ?1")
        .setParameter(1, model).getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
  }

  @SuppressWarnings("unchecked")
  public List<String> modelsWithPolicy() {
    return em.createNativeQuery("select model from monitoring_retraining_policy order by model").getResultList();
  }

  @Transactional
  public void put(String model, String policyJson, Instant at) {
    em.createNativeQuery("insert into monitoring_retraining_policy (model, policy, updated_at) values (?1, cast(?2 as jsonb), ?3)"
            + " on conflict (model) do update set policy = excluded.policy, updated_at = excluded.updated_at")
        .setParameter(1, model).setParameter(2, policyJson).setParameter(3, Timestamp.from(at)).executeUpdate();
  }

  /** A received alert; false when this event was seen before (delivery is at least once). */
  @Transactional
  public boolean addAlert(String eventId, String model, String environment, String kind, Instant from, Instant to,
      Instant receivedAt) {
    return em.createNativeQuery("insert into monitoring_alert_trigger (event_id, model, environment, kind, window_from,"
            + " window_to, received_at, state) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'waiting') on conflict do nothing")
        .setParameter(1, eventId).setParameter(2, model).setParameter(3, environment).setParameter(4, kind)
        .setParameter(5, Timestamp.from(from)).setParameter(6, Timestamp.from(to)).setParameter(7, Timestamp.from(receivedAt))
        .executeUpdate() == 1;
  }

  /** Alerts of a model still waiting for labels, oldest first. */
  public List<WaitingAlert> waiting(String model) {
    List<?> rows = em.createNativeQuery("select event_id, environment, kind, window_from, window_to, received_at"
            + " from monitoring_alert_trigger where model = ?1 and state = 'waiting' order by received_at, event_id")
        .setParameter(1, model).getResultList();
    return rows.stream().map(r -> (Object[]) r).map(r -> new WaitingAlert((String) r[0], model, (String) r[1],
        (String) r[2], instant(r[3]), instant(r[4]), instant(r[5]))).toList();
  }

  @Transactional
  public void settle(String eventId, String state) {
    em.createNativeQuery("update monitoring_alert_trigger set state = ?2 where event_id = ?1")
        .setParameter(1, eventId).setParameter(2, state).executeUpdate();
  }

  private static Instant instant(Object o) {
    if (o instanceof Timestamp t) {
      return t.toInstant();
    }
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof java.time.OffsetDateTime odt) {
      return odt.toInstant();
    }
    throw new IllegalStateException("not a timestamp: " + o);
  }

  public record WaitingAlert(String eventId, String model, String environment, String kind, Instant from, Instant to,
      Instant receivedAt) {}
}
