package dev.cd4ml.monitoring.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One stored evaluation; the report itself as JSON (jsonb), the keys it is listed by as columns. */
@Entity
@Table(name = "monitoring_report")
public class ReportEntity {
  @Id
  public UUID id;

  @Column(nullable = false, updatable = false)
  public String model;

  @Column(nullable = false, updatable = false)
  public String environment;

  @Column(nullable = false, updatable = false)
  public int version;

  @Column(name = "window_from", nullable = false, updatable = false)
  public Instant windowFrom;

  @Column(name = "window_to", nullable = false, updatable = false)
  public Instant windowTo;

  @Column(name = "generated_at", nullable = false, updatable = false)
  public Instant generatedAt;

  @Column(nullable = false, updatable = false)
  public String status;

  /** Per kind (drift, fairness, quality): the status of that kind, to see when it turns to alert. */
  @Column(name = "kind_status", nullable = false, updatable = false)
  public String kindStatus;

  @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  public String report;
}
