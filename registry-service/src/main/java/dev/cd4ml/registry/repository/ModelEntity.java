package dev.cd4ml.registry.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "model")
public class ModelEntity {
  @Id
  public String name;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
