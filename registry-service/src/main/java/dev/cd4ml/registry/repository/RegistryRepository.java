package dev.cd4ml.registry.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Data access of the registry; callers own the transaction. */
@ApplicationScoped
public class RegistryRepository {
  private final EntityManager em;

  public RegistryRepository(EntityManager em) {
    this.em = em;
  }

  /** Creates the model row if it is new; safe under concurrent first registrations. */
  public void ensureModel(String name) {
    em.createNativeQuery("insert into model (name) values (?1) on conflict do nothing")
        .setParameter(1, name)
        .executeUpdate();
  }

  /**
   * Locks the model row ({@code select ... for update}) until the transaction ends: every
   * registration and stage change of one model runs one after the other, so version numbers and
   * stage holders are decided on data no one else is changing.
   */
  public Optional<ModelEntity> lockModel(String name) {
    return Optional.ofNullable(em.find(ModelEntity.class, name, LockModeType.PESSIMISTIC_WRITE));
  }

  public boolean modelExists(String name) {
    return em.find(ModelEntity.class, name) != null;
  }

  public Optional<ModelVersionEntity> findVersion(String model, int version) {
    return em.createQuery("from ModelVersionEntity v where v.model = :m and v.version = :v", ModelVersionEntity.class)
        .setParameter("m", model).setParameter("v", version)
        .getResultStream().findFirst();
  }

  public Optional<ModelVersionEntity> findBySha(String model, String sha256) {
    return em.createQuery("from ModelVersionEntity v where v.model = :m and v.artifactSha256 = :s", ModelVersionEntity.class)
        .setParameter("m", model).setParameter("s", sha256)
        .getResultStream().findFirst();
  }

  public Optional<ModelVersionEntity> findInStage(String model, String stage) {
    return em.createQuery("from ModelVersionEntity v where v.model = :m and v.stage = :s", ModelVersionEntity.class)
        .setParameter("m", model).setParameter("s", stage)
        .getResultStream().findFirst();
  }

  public int nextVersion(String model) {
    Integer max = em.createQuery("select max(v.version) from ModelVersionEntity v where v.model = :m", Integer.class)
        .setParameter("m", model).getSingleResult();
    return max == null ? 1 : max + 1;
  }

  public List<ModelVersionEntity> versions(String model, int page, int size) {
    return em.createQuery("from ModelVersionEntity v where v.model = :m order by v.version desc", ModelVersionEntity.class)
        .setParameter("m", model)
        .setFirstResult(page * size).setMaxResults(size)
        .getResultList();
  }

  public long countVersions(String model) {
    return em.createQuery("select count(v) from ModelVersionEntity v where v.model = :m", Long.class)
        .setParameter("m", model).getSingleResult();
  }

  /** One row per model: name, latest version, version in staging, version in production. */
  @SuppressWarnings("unchecked")
  public List<Object[]> summaries() {
    return em.createNativeQuery("""
            select m.name,
                   (select max(v.version) from model_version v where v.model = m.name),
                   (select v.version from model_version v where v.model = m.name and v.stage = 'staging'),
                   (select v.version from model_version v where v.model = m.name and v.stage = 'production'),
                   (select v.version from model_version v where v.model = m.name and v.stage = 'canary')
            from model m order by m.name""")
        .getResultList();
  }

  public List<ModelCheckEntity> checks(long versionId) {
    return em.createQuery("from ModelCheckEntity c where c.versionId = :id order by c.id", ModelCheckEntity.class)
        .setParameter("id", versionId).getResultList();
  }

  /** Checks of many versions at once, each list in recording order. */
  public Map<Long, List<ModelCheckEntity>> checks(Collection<Long> versionIds) {
    if (versionIds.isEmpty()) {
      return Map.of();
    }
    return em.createQuery("from ModelCheckEntity c where c.versionId in :ids order by c.id", ModelCheckEntity.class)
        .setParameter("ids", versionIds).getResultStream()
        .collect(Collectors.groupingBy(c -> c.versionId));
  }

  public boolean wasEverIn(String model, int version, String stage) {
    return em.createQuery("select count(h) from StageChangeEntity h where h.model = :m and h.version = :v and h.toStage = :s", Long.class)
        .setParameter("m", model).setParameter("v", version).setParameter("s", stage)
        .getSingleResult() > 0;
  }

  public List<StageChangeEntity> history(String model) {
    return em.createQuery("from StageChangeEntity h where h.model = :m order by h.id", StageChangeEntity.class)
        .setParameter("m", model).getResultList();
  }

  public boolean artifactReferenced(String key) {
    return em.createQuery("select count(v) from ModelVersionEntity v where v.artifactKey = :k", Long.class)
        .setParameter("k", key).getSingleResult() > 0;
  }

  public void persist(Object entity) {
    em.persist(entity);
  }

  public void flush() {
    em.flush();
  }
}
