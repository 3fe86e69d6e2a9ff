package dev.cd4ml.monitoring.page;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Online quality over time from the stored evaluations: only the few numbers a chart needs, read
 * out of each stored report by PostgreSQL (jsonb operators), so a month of hourly reports of
 * several versions is one small query rather than thousands of whole reports in the JVM.
 */
@ApplicationScoped
public class ReportSeries {
  private final EntityManager em;

  public ReportSeries(EntityManager em) {
    this.em = em;
  }

  /** One stored evaluation's quality figures; null where the report had none (too little feedback). */
  public record Point(int version, Instant at, String status, Double accuracy, Double labelledShare, long labelled,
      Double shadowAccuracy, Double primaryAccuracy, Double shadowAgreement) {}

  /** Every evaluation of the model in the environment generated at or after {@code since}, oldest first. */
  public List<Point> since(String model, String environment, Instant since) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("""
        select version, window_to, status,
               (report->'quality'->>'accuracy')::float8,
               (report->'counts'->>'labelledShare')::float8,
               coalesce((report->'counts'->>'labelled')::bigint, 0),
               (report->'shadow'->>'accuracy')::float8,
               (report->'shadow'->>'primaryAccuracy')::float8,
               (report->'shadow'->>'agreement')::float8
          from monitoring_report
         where model = ?1 and environment = ?2 and generated_at >= ?3
         order by window_to, version""")
        .setParameter(1, model).setParameter(2, environment).setParameter(3, Timestamp.from(since))
        .getResultList();
    List<Point> points = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      points.add(new Point(((Number) r[0]).intValue(), instant(r[1]), (String) r[2], d(r[3]), d(r[4]),
          ((Number) r[5]).longValue(), d(r[6]), d(r[7]), d(r[8])));
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
