package dev.cd4ml.data.service;

import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.data.domain.SchemaDiff;
import dev.cd4ml.data.events.DatasetEvents;
import dev.cd4ml.data.repository.DatasetEntity;
import dev.cd4ml.data.repository.DatasetRepository;
import dev.cd4ml.data.repository.SchemaEntity;
import dev.cd4ml.data.repository.VersionEntity;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Records a version, its schema revision and its event in one transaction. */
@ApplicationScoped
public class VersionWriter {
  private final DatasetRepository repo;
  private final VersionMapper mapper;
  private final DatasetEvents events;
  private final DatasetQueries queries;

  public VersionWriter(DatasetRepository repo, VersionMapper mapper, DatasetEvents events, DatasetQueries queries) {
    this.repo = repo;
    this.mapper = mapper;
    this.events = events;
    this.queries = queries;
  }

  public record Written(DatasetVersionInfo info, boolean created) {}

  @Transactional
  public Written write(NewVersion v) {
    DatasetEntity ds = repo.lockOrCreate(v.dataset());
    // Under the dataset lock: an identical upload that won the race is simply returned.
    Optional<VersionEntity> existing = repo.versionById(v.dataset(), v.id());
    if (existing.isPresent()) {
      return new Written(queries.info(existing.get(), true), false);
    }
    int revision;
    if (ds.schemaRevision == 0) {
      revision = 1;
      insertSchema(v.dataset(), v.schema(), revision);
    } else {
      DatasetSchema current = repo.schema(v.dataset(), ds.schemaRevision).map(s -> mapper.schema(s.schemaJson))
          .orElseThrow();
      List<SchemaDiff.Change> changes = SchemaDiff.between(current, v.schema());
      if (changes.isEmpty()) {
        revision = current.revision();
      } else if (v.allowSchemaChange() && ds.schemaRevision == v.basedOnRevision()) {
        revision = current.revision() + 1;
        insertSchema(v.dataset(), v.schema(), revision);
      } else {
        // Another upload changed the schema after this one was checked.
        throw ProblemException.conflict("the schema of dataset '" + v.dataset() + "' changed while this upload was "
            + "checked (now revision " + current.revision() + "); upload again",
            changes.stream().map(c -> ProblemError.field(c.field(), c.message())).toList());
      }
    }
    int number = ds.latestNumber + 1;
    VersionEntity e = new VersionEntity();
    e.dataset = v.dataset();
    e.versionId = v.id();
    e.number = number;
    e.rows = v.rows();
    e.columns = v.schema().columns().size();
    e.byteSize = v.byteSize();
    e.schemaRevision = revision;
    e.parents = String.join(",", v.parents());
    e.source = v.source();
    e.message = v.message();
    e.createdAt = Instant.now();
    e.createdBy = v.createdBy();
    e.objectKey = v.objectKey();
    e.profile = mapper.write(v.profile());
    repo.persist(e);
    ds.latestNumber = number;
    ds.schemaRevision = revision;
    ds.updatedAt = e.createdAt;
    events.versionCreated(v.dataset(), v.id(), number, v.rows(), revision, v.parents(), v.source());
    repo.flush();
    DatasetSchema stored = withRevision(v.schema(), revision);
    return new Written(mapper.info(e, stored, true), true);
  }

  private void insertSchema(String dataset, DatasetSchema schema, int revision) {
    SchemaEntity s = new SchemaEntity();
    s.dataset = dataset;
    s.revision = revision;
    s.schemaJson = mapper.write(withRevision(schema, revision));
    repo.persist(s);
  }

  private static DatasetSchema withRevision(DatasetSchema s, int revision) {
    return new DatasetSchema(revision, s.columns(), s.label(), s.idColumn(), s.protectedColumns());
  }
}
