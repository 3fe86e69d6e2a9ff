package dev.cd4ml.training.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Experiment tracking storage. Every method joins the caller's transaction or starts its own. */
@ApplicationScoped
@Transactional
public class TrainingRunRepository {
  /** Sortable plain columns; metrics.<name> sorts on a metric value. */
  public static final List<String> SORT_COLUMNS = List.of("createdAt", "finishedAt", "status", "dataset", "algorithm");

  private final EntityManager em;

  public TrainingRunRepository(EntityManager em) {
    this.em = em;
  }

  public void insert(TrainingRun run) {
    run.updatedAt = OffsetDateTime.now();
    em.persist(run);
  }

  public Optional<TrainingRun> find(UUID id) {
    return Optional.ofNullable(em.find(TrainingRun.class, id));
  }

  /** Applies a change under a row lock, so concurrent updates (worker vs cancel) do not interleave. */
  public TrainingRun update(UUID id, Consumer<TrainingRun> change) {
    TrainingRun run = em.find(TrainingRun.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (run == null) {
      throw new IllegalStateException("training run " + id + " vanished");
    }
    change.accept(run);
    run.updatedAt = OffsetDateTime.now();
    return run;
  }

  public record Page(List<TrainingRun> items, long total) {}

  /**
   * @param sortKey one of {@link #SORT_COLUMNS} or {@code metrics.<name>}
   */
  @SuppressWarnings("unchecked")
  public Page list(String dataset, String status, String sortKey, boolean descending, int page, int size) {
    StringBuilder where = new StringBuilder(" where 1=1");
    List<Object> params = new ArrayList<>();
    if (dataset != null) {
      params.add(dataset);
      where.append(" and dataset = ?").append(params.size());
    }
    if (status != null) {
      params.add(status);
      where.append(" and status = ?").append(params.size());
    }
    String order;
    if (sortKey.startsWith("metrics.")) {
      params.add(sortKey.substring("metrics.".length()));
      order = "cast(cast(metrics as jsonb) ->> ?" + params.size() + " as double precision)";
    } else {
      order = switch (sortKey) {
        case "finishedAt" -> "finished_at";
        case "status" -> "status";
        case "dataset" -> "dataset";
        case "algorithm" -> "algorithm";
        default -> "created_at";
      };
    }
    String direction = descending ? " desc nulls last" : " asc nulls last";
    Query q = em.createNativeQuery("select * from training_run" + where + " order by " + order + direction
        + ", created_at desc, id limit " + size + " offset " + ((long) page * size), TrainingRun.class);
    Query count = em.createNativeQuery("select count(*) from training_run" + where);
    // The count query takes the filter parameters only (the sort metric is last).
    int filterParams = sortKey.startsWith("metrics.") ? params.size() - 1 : params.size();
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
      if (i < filterParams) {
        count.setParameter(i + 1, params.get(i));
      }
    }
    return new Page(q.getResultList(), ((Number) count.getSingleResult()).longValue());
  }

  public List<TrainingRun> findAll(Collection<UUID> ids) {
    return em.createQuery("from TrainingRun r where r.id in :ids", TrainingRun.class).setParameter("ids", ids).getResultList();
  }

  public List<TrainingRun> inStatus(Collection<String> statuses) {
    return em.createQuery("from TrainingRun r where r.status in :s", TrainingRun.class).setParameter("s", statuses)
        .getResultList();
  }

  public List<UUID> pendingRegistrations(int limit) {
    return em.createQuery("select r.id from TrainingRun r where r.registration = 'pending' and r.status = 'succeeded'"
        + " order by r.createdAt", UUID.class).setMaxResults(limit).getResultList();
  }

  public void storeArtifact(UUID runId, byte[] bytes, String sha256) {
    em.createNativeQuery("insert into training_run_artifact (run_id, bytes, sha256) values (?1, ?2, ?3)"
            + " on conflict (run_id) do update set bytes = excluded.bytes, sha256 = excluded.sha256")
        .setParameter(1, runId).setParameter(2, bytes).setParameter(3, sha256).executeUpdate();
  }

  public Optional<byte[]> artifact(UUID runId) {
    List<?> rows = em.createNativeQuery("select bytes from training_run_artifact where run_id = ?1")
        .setParameter(1, runId).getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0));
  }

  public void deleteArtifact(UUID runId) {
    em.createNativeQuery("delete from training_run_artifact where run_id = ?1").setParameter(1, runId).executeUpdate();
  }
}
