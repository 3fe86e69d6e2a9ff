package dev.cd4ml.data.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One schema revision of a dataset; the schema itself is stored as JSON ({@code DatasetSchema}). */
@Entity
@Table(name = "dataset_schema")
public class SchemaEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long pk;
  public String dataset;
  public int revision;
  @Column(name = "schema_json")
  public String schemaJson;
}
