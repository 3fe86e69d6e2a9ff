package dev.cd4ml.registry.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "stage_change")
public class StageChangeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String model;

  @Column(nullable = false)
  public int version;

  @Column(name = "from_stage", nullable = false)
  public String fromStage;

  @Column(name = "to_stage", nullable = false)
  public String toStage;

  @Column(nullable = false)
  public String actor;

  public String reason;

  @Column(name = "pipeline_label")
  public String pipelineLabel;

  @Column(name = "changed_at", nullable = false)
  public Instant changedAt;

  /** How the production gate's regression rule compared, for an entry into production. */
  public String gate;

  @Column(name = "traffic_weight")
  public Integer trafficWeight;
}
