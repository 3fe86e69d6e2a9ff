package dev.cd4ml.data.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/** Queries on datasets, schema revisions and versions; callers own the transaction. */
@ApplicationScoped
public class DatasetRepository {
  private final EntityManager em;

  public DatasetRepository(EntityManager em) {
    this.em = em;
  }

  public Optional<DatasetEntity> find(String name) {
    return Optional.ofNullable(em.find(DatasetEntity.class, name));
  }

  /**
   * Creates the dataset row if needed and locks it: version numbers and schema revisions of one
   * dataset are assigned one upload at a time.
   */
  public DatasetEntity lockOrCreate(String name) {
    em.createNativeQuery("insert into dataset (name) values (?1) on conflict do nothing")
        .setParameter(1, name).executeUpdate();
    return em.find(DatasetEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
  }

  public List<DatasetEntity> all() {
    return em.createQuery("from DatasetEntity d order by d.name", DatasetEntity.class).getResultList();
  }

  public Optional<SchemaEntity> schema(String dataset, int revision) {
    return em.createQuery("from SchemaEntity s where s.dataset = ?1 and s.revision = ?2", SchemaEntity.class)
        .setParameter(1, dataset).setParameter(2, revision).getResultStream().findFirst();
  }

  public List<SchemaEntity> schemas(String dataset) {
    return em.createQuery("from SchemaEntity s where s.dataset = ?1", SchemaEntity.class)
        .setParameter(1, dataset).getResultList();
  }

  public Optional<VersionEntity> versionById(String dataset, String id) {
    return em.createQuery("from VersionEntity v where v.dataset = ?1 and v.versionId = ?2", VersionEntity.class)
        .setParameter(1, dataset).setParameter(2, id).getResultStream().findFirst();
  }

  public Optional<VersionEntity> versionByNumber(String dataset, int number) {
    return em.createQuery("from VersionEntity v where v.dataset = ?1 and v.number = ?2", VersionEntity.class)
        .setParameter(1, dataset).setParameter(2, number).getResultStream().findFirst();
  }

  public Optional<VersionEntity> latest(String dataset) {
    return em.createQuery("from VersionEntity v where v.dataset = ?1 order by v.number desc", VersionEntity.class)
        .setParameter(1, dataset).setMaxResults(1).getResultStream().findFirst();
  }

  /** Newest first. */
  public List<VersionEntity> versions(String dataset, int page, int size) {
    return em.createQuery("from VersionEntity v where v.dataset = ?1 order by v.number desc", VersionEntity.class)
        .setParameter(1, dataset).setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  public long countVersions(String dataset) {
    return em.createQuery("select count(v) from VersionEntity v where v.dataset = ?1", Long.class)
        .setParameter(1, dataset).getSingleResult();
  }

  public void persist(Object entity) {
    em.persist(entity);
  }

  public void flush() {
    em.flush();
  }
}
