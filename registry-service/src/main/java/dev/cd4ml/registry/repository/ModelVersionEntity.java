package dev.cd4ml.registry.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(name = "model_version")
public class ModelVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, updatable = false)
  public String model;

  @Column(nullable = false, updatable = false)
  public int version;

  /** The only mutable column. */
  @Column(nullable = false)
  public String stage;

  @Column(name = "artifact_key", nullable = false, updatable = false)
  public String artifactKey;

  @Column(name = "artifact_sha256", nullable = false, updatable = false)
  public String artifactSha256;

  @Column(name = "artifact_size", nullable = false, updatable = false)
  public long artifactSize;

  @Column(name = "training_run_id", nullable = false, updatable = false)
  public String trainingRunId;

  @Column(nullable = false, updatable = false)
  public String dataset;

  @Column(name = "data_version", nullable = false, updatable = false)
  public String dataVersion;

  @Column(name = "code_revision", updatable = false)
  public String codeRevision;

  @Column(nullable = false, updatable = false)
  public String algorithm;

  /** The whole lineage document as JSON text (jsonb in the database). */
  @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  public String lineage;

  @Column(name = "registered_at", nullable = false, updatable = false)
  public Instant registeredAt;

  /** The authenticated actor of the registration (from its token). */
  @Column(name = "registered_by", updatable = false)
  public String registeredBy;

  /** Only while in canary: its share of production's requests, in percent. */
  @Column(name = "traffic_weight")
  public Integer trafficWeight;
}
