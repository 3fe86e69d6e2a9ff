package dev.cd4ml.monitoring.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Harvest decisions; each method is its own transaction (a harvest's HTTP calls run between them). */
@ApplicationScoped
public class HarvestRepository {
  private final EntityManager em;

  public HarvestRepository(EntityManager em) {
    this.em = em;
  }

  /**
   * Stores {@code e} as {@code running} unless another harvest of the model is running (the unique
   * index on running rows decides, across instances). Running rows older than {@code staleBefore}
   * are first marked failed: their process is gone.
   *
   * @return false when another harvest of the model is in flight
   */
  @Transactional
  public boolean begin(HarvestEntity e, Instant staleBefore) {
    em.createNativeQuery("update monitoring_harvest set outcome = 'failed', finished_at = now(),"
            + " reason = 'abandoned: no outcome recorded' where model = ?1 and outcome = 'running' and started_at < ?2")
        .setParameter(1, e.model).setParameter(2, Timestamp.from(staleBefore)).executeUpdate();
    int inserted = em.createNativeQuery("insert into monitoring_harvest (id, model, environment, window_from, window_to,"
            + " policy, trigger, min_labelled, model_version, dataset, parent_version, predictions, labelled, outcome,"
            + " started_at, requested_by) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'running', ?14, ?15)"
            + " on conflict do nothing")
        .setParameter(1, e.id).setParameter(2, e.model).setParameter(3, e.environment)
        .setParameter(4, Timestamp.from(e.windowFrom)).setParameter(5, Timestamp.from(e.windowTo))
        .setParameter(6, e.policy).setParameter(7, e.trigger).setParameter(8, e.minLabelled)
        .setParameter(9, e.modelVersion).setParameter(10, e.dataset).setParameter(11, e.parentVersion)
        .setParameter(12, e.predictions).setParameter(13, e.labelled).setParameter(14, Timestamp.from(e.startedAt))
        .setParameter(15, e.requestedBy).executeUpdate();
    return inserted == 1;
  }

  /** A decision that needs no lock (skipped before anything ran, or failed before it began). */
  @Transactional
  public void add(HarvestEntity e) {
    em.persist(e);
  }

  @Transactional
  public void finish(UUID id, String outcome, String reason, Long labelled, Long csvRows, String datasetVersion,
      Integer datasetVersionNumber, Instant at) {
    HarvestEntity e = em.find(HarvestEntity.class, id);
    e.outcome = outcome;
    e.reason = reason;
    if (labelled != null) {
      e.labelled = labelled;
    }
    e.csvRows = csvRows;
    e.datasetVersion = datasetVersion;
    e.datasetVersionNumber = datasetVersionNumber;
    e.finishedAt = at;
  }

  public Optional<HarvestEntity> find(UUID id) {
    return Optional.ofNullable(em.find(HarvestEntity.class, id));
  }

  /** Newest first, optionally only one outcome. */
  public List<HarvestEntity> page(String model, String outcome, int page, int size) {
    return em.createQuery("from HarvestEntity h where h.model = ?1 and (?2 = '' or h.outcome = ?2)"
            + " order by h.startedAt desc, h.id", HarvestEntity.class)
        .setParameter(1, model).setParameter(2, outcome == null ? "" : outcome)
        .setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  public long count(String model, String outcome) {
    return em.createQuery("select count(h) from HarvestEntity h where h.model = ?1 and (?2 = '' or h.outcome = ?2)",
            Long.class)
        .setParameter(1, model).setParameter(2, outcome == null ? "" : outcome).getSingleResult();
  }

  /** The end of the latest window harvested into a version (created or unchanged), by any trigger. */
  public Optional<Instant> lastHarvestedTo(String model, String environment) {
    return Optional.ofNullable(em.createQuery("select max(h.windowTo) from HarvestEntity h where h.model = ?1"
            + " and h.environment = ?2 and h.outcome in ('created', 'unchanged')", Instant.class)
        .setParameter(1, model).setParameter(2, environment).getSingleResult());
  }

  /** When the latest scheduled harvest that did not fail started. */
  public Optional<Instant> lastScheduled(String model) {
    return Optional.ofNullable(em.createQuery("select max(h.startedAt) from HarvestEntity h where h.model = ?1"
            + " and h.trigger = 'schedule' and h.outcome <> 'failed'", Instant.class)
        .setParameter(1, model).getSingleResult());
  }

  /** The latest policy-driven harvest attempt (not manual), to retry it when it failed. */
  public Optional<HarvestEntity> latestPolicyDriven(String model) {
    return em.createQuery("from HarvestEntity h where h.model = ?1 and h.trigger <> 'manual'"
            + " order by h.startedAt desc", HarvestEntity.class)
        .setParameter(1, model).setMaxResults(1).getResultStream().findFirst();
  }

  /** Failed attempts at exactly this window: bounds the retries of one that keeps failing. */
  public long failures(String model, Instant from, Instant to) {
    return em.createQuery("select count(h) from HarvestEntity h where h.model = ?1 and h.windowFrom = ?2"
            + " and h.windowTo = ?3 and h.outcome = 'failed'", Long.class)
        .setParameter(1, model).setParameter(2, from).setParameter(3, to).getSingleResult();
  }
}
