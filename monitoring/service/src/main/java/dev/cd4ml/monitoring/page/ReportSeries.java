package dev.cd4ml.monitoring.page;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online quality over time from the stored evaluations: only the few numbers a chart needs. Stored
 * reports never change, so each model and environment's points are read once and then only the
 * reports stored since (with an overlap, for evaluations that commit late); a month of hourly
 * reports of several versions costs a small query per page view, not thousands of whole reports.
 */
@ApplicationScoped
public class ReportSeries {
  /** Re-read this far back on every view: an evaluation may commit after a later one. */
  static final Duration OVERLAP = Duration.ofMinutes(15);
  private final EntityManager em;
  private final Map<String, Map<UUID, Point>> cache = new ConcurrentHashMap<>();

  public ReportSeries(EntityManager em) {
    this.em = em;
  }

  /** One stored evaluation's quality figures; null where the report had none (too little feedback). */
  public record Point(UUID id, int version, Instant at, Instant generatedAt, String status, Double accuracy,
      Double labelledShare, long labelled, Double shadowAccuracy, Double primaryAccuracy, Double shadowAgreement) {}

  /** Every evaluation of the model in the environment generated at or after {@code since}, oldest first. */
  public List<Point> since(String model, String environment, Instant since) {
    String key = model + "\u0000" + environment;
    Map<UUID, Point> known = cache.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    Instant latest = known.values().stream().map(Point::generatedAt).max(Comparator.naturalOrder()).orElse(null);
    Instant from = latest == null || latest.minus(OVERLAP).isBefore(since) ? since : latest.minus(OVERLAP);
    for (Point p : read(model, environment, from)) {
      known.put(p.id(), p);
    }
    known.values().removeIf(p -> p.generatedAt().isBefore(since));
    List<Point> points = new ArrayList<>(known.values());
    points.sort(Comparator.comparing(Point::at).thenComparingInt(Point::version));
    return points;
  }

  private List<Point> read(String model, String environment, Instant from) {
    // The inner query detoasts each report once and keeps only its small parts (offset 0 keeps
    // PostgreSQL from inlining it, which would decompress the whole report once per field).
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("""
        select id, version, window_to, generated_at, status,
               (s->'quality'->>'accuracy')::float8,
               (s->'counts'->>'labelledShare')::float8,
               coalesce((s->'counts'->>'labelled')::bigint, 0),
               (s->'shadow'->>'accuracy')::float8,
               (s->'shadow'->>'primaryAccuracy')::float8,
               (s->'shadow'->>'agreement')::float8
          from (select id, version, window_to, generated_at, status,
                       jsonb_build_object('quality', report->'quality', 'counts', report->'counts',
                                          'shadow', report->'shadow') s
                  from (select id, version, window_to, generated_at, status,
                               report - array['features', 'fairness', 'explanations', 'prediction', 'baseline'] report
                          from monitoring_report
                         where model = ?1 and environment = ?2 and generated_at >= ?3
                        offset 0) small
                offset 0) q""")
        .setParameter(1, model).setParameter(2, environment).setParameter(3, Timestamp.from(from))
        .getResultList();
    List<Point> points = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      points.add(new Point(r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()), ((Number) r[1]).intValue(), instant(r[2]), instant(r[3]), (String) r[4], d(r[5]),
          d(r[6]), ((Number) r[7]).longValue(), d(r[8]), d(r[9]), d(r[10])));
    }
    return points;
  }

  private static Double d(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  private static Instant instant(Object o) {
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    return ((Timestamp) o).toInstant();
  }
}
