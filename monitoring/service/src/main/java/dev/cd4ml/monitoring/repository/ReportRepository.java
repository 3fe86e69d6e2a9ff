package dev.cd4ml.monitoring.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Stored evaluations, newest first per (model, environment, version). */
@ApplicationScoped
public class ReportRepository {
  private final EntityManager em;

  public ReportRepository(EntityManager em) {
    this.em = em;
  }

  public void add(ReportEntity e) {
    em.persist(e);
  }

  /** The latest stored evaluation of one served version, to compare the new one with. */
  public Optional<ReportEntity> latest(String model, String environment, int version) {
    return em.createQuery("from ReportEntity r where r.model = ?1 and r.environment = ?2 and r.version = ?3"
            + " order by r.generatedAt desc", ReportEntity.class)
        .setParameter(1, model).setParameter(2, environment).setParameter(3, version)
        .setMaxResults(1).getResultStream().findFirst();
  }

  /** One page of a model's history, optionally narrowed to an environment and a version. */
  public List<ReportEntity> page(String model, String environment, Integer version, int page, int size) {
    return em.createQuery("from ReportEntity r where " + where(environment, version) + " order by r.generatedAt desc",
            ReportEntity.class)
        .setParameter(1, model)
        .setParameter(2, environment == null ? "" : environment)
        .setParameter(3, version == null ? -1 : version)
        .setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  public long count(String model, String environment, Integer version) {
    return em.createQuery("select count(r) from ReportEntity r where " + where(environment, version), Long.class)
        .setParameter(1, model)
        .setParameter(2, environment == null ? "" : environment)
        .setParameter(3, version == null ? -1 : version)
        .getSingleResult();
  }

  private static String where(String environment, Integer version) {
    return "r.model = ?1 and (?2 = '' or r.environment = ?2) and (?3 = -1 or r.version = ?3)";
  }
}
