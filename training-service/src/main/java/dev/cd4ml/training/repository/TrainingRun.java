package dev.cd4ml.training.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A training run as tracked in PostgreSQL; JSON columns hold the structured parts as text. */
@Entity
@Table(name = "training_run")
public class TrainingRun {
  @Id
  public UUID id;
  public String dataset;
  @Column(name = "data_version_ref")
  public String dataVersionRef;
  @Column(name = "data_version")
  public String dataVersion;
  @Column(name = "data_version_number")
  public Integer dataVersionNumber;
  public String algorithm;
  public String params;
  public long seed;
  public String split;
  @Column(name = "positive_label")
  public String positiveLabel;
  @Column(name = "protected_columns")
  public String protectedColumns;
  /** The data version's source, parents and message (JSON), for the lineage. */
  @Column(name = "data_origin")
  public String dataOrigin;
  @Column(name = "code_revision")
  public String codeRevision;
  public boolean register;
  @Column(name = "model_name")
  public String modelName;
  public String tags;
  public String status;
  public int percent;
  @Column(name = "rows_loaded")
  public long rowsLoaded;
  public String timings;
  public String metrics;
  public String evaluation;
  /** {@code Champion} as JSON: the production version measured on the held-out rows, or why none was. */
  public String champion;
  public String signature;
  public String provenance;
  @Column(name = "failed_phase")
  public String failedPhase;
  @Column(name = "failure_reason")
  public String failureReason;
  public String registration;
  @Column(name = "registration_attempts")
  public int registrationAttempts;
  @Column(name = "registration_error")
  public String registrationError;
  @Column(name = "model_version")
  public Integer modelVersion;
  @Column(name = "created_at")
  public OffsetDateTime createdAt;
  @Column(name = "started_at")
  public OffsetDateTime startedAt;
  @Column(name = "finished_at")
  public OffsetDateTime finishedAt;
  @Column(name = "updated_at")
  public OffsetDateTime updatedAt;
}
