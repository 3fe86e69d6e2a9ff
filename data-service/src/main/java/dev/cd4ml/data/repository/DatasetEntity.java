package dev.cd4ml.data.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "dataset")
public class DatasetEntity {
  @Id
  public String name;
  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
  @Column(name = "updated_at")
  public Instant updatedAt;
  @Column(name = "latest_number")
  public int latestNumber;
  @Column(name = "schema_revision")
  public int schemaRevision;
}
