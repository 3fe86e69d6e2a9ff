package dev.cd4ml.monitoring.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One harvest decision: what was asked, what it found, what came of it. */
@Entity
@Table(name = "monitoring_harvest")
public class HarvestEntity {
  @Id
  public UUID id;
  @Column(nullable = false)
  public String model;
  @Column(nullable = false)
  public String environment;
  @Column(name = "window_from", nullable = false)
  public Instant windowFrom;
  @Column(name = "window_to", nullable = false)
  public Instant windowTo;
  @Column(nullable = false)
  public String policy;
  @Column(nullable = false)
  public String trigger;
  /** The caller of a manual harvest (from its token); null for the policy's own. */
  @Column(name = "requested_by")
  public String requestedBy;
  @Column(name = "min_labelled", nullable = false)
  public long minLabelled;
  @Column(name = "model_version")
  public Integer modelVersion;
  public String dataset;
  @Column(name = "parent_version")
  public String parentVersion;
  public Long predictions;
  public Long labelled;
  @Column(name = "csv_rows")
  public Long csvRows;
  @Column(nullable = false)
  public String outcome;
  public String reason;
  @Column(name = "dataset_version")
  public String datasetVersion;
  @Column(name = "dataset_version_number")
  public Integer datasetVersionNumber;
  @Column(name = "started_at", nullable = false)
  public Instant startedAt;
  @Column(name = "finished_at")
  public Instant finishedAt;
}
