package dev.cd4ml.registry.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "model_check")
public class ModelCheckEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "version_id", nullable = false)
  public Long versionId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public boolean passed;

  public String details;

  @Column(name = "pipeline_label")
  public String pipelineLabel;

  @Column(nullable = false)
  public String stage;

  @Column(nullable = false)
  public String actor;

  @Column(name = "recorded_at", nullable = false)
  public Instant recordedAt;
}
