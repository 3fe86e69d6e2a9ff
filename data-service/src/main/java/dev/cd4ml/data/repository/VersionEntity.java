package dev.cd4ml.data.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(name = "dataset_version")
public class VersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long pk;
  public String dataset;
  @Column(name = "version_id")
  public String versionId;
  public int number;
  @Column(name = "row_count")
  public long rows;
  @Column(name = "column_count")
  public int columns;
  @Column(name = "byte_size")
  public long byteSize;
  @Column(name = "schema_revision")
  public int schemaRevision;
  /** Comma-separated parent version ids (hex, so no escaping is needed). */
  public String parents;
  public String source;
  public String message;
  @Column(name = "created_at")
  public Instant createdAt;
  @Column(name = "created_by")
  public String createdBy;
  @Column(name = "object_key")
  public String objectKey;
  @ColumnTransformer(write = "cast(? as jsonb)")
  public String profile;
}
