package dev.cd4ml.data.service;

import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.contracts.naming.VersionRef;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.data.domain.DatasetStats;
import dev.cd4ml.data.domain.ProfileDiff;
import dev.cd4ml.data.domain.SchemaDiff;
import dev.cd4ml.data.domain.StoredVersion;
import dev.cd4ml.data.domain.VersionComparison;
import dev.cd4ml.data.repository.DatasetEntity;
import dev.cd4ml.data.repository.DatasetRepository;
import dev.cd4ml.data.repository.SchemaEntity;
import dev.cd4ml.data.repository.VersionEntity;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side: datasets, versions by reference, listings and diffs. */
@ApplicationScoped
@Transactional
public class DatasetQueries {
  private final DatasetRepository repo;
  private final VersionMapper mapper;

  public DatasetQueries(DatasetRepository repo, VersionMapper mapper) {
    this.repo = repo;
    this.mapper = mapper;
  }

  /** The dataset's current schema, or empty for a dataset without versions. */
  public Optional<DatasetSchema> currentSchema(String dataset) {
    return repo.find(dataset).filter(d -> d.schemaRevision > 0)
        .flatMap(d -> repo.schema(dataset, d.schemaRevision)).map(s -> mapper.schema(s.schemaJson));
  }

  public Optional<DatasetVersionInfo> findById(String dataset, String id) {
    return repo.versionById(dataset, id).map(v -> info(v, true));
  }

  public boolean exists(String dataset, String id) {
    return repo.versionById(dataset, id).isPresent();
  }

  public VersionEntity resolve(String dataset, String ref) {
    dataset(dataset);
    VersionRef parsed;
    try {
      parsed = VersionRef.parse(ref);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("ref", e.getMessage());
    }
    Optional<VersionEntity> v;
    if (parsed instanceof VersionRef.ById byId) {
      v = repo.versionById(dataset, byId.id());
    } else if (parsed instanceof VersionRef.ByNumber byNumber) {
      v = repo.versionByNumber(dataset, byNumber.number());
    } else {
      v = repo.latest(dataset);
    }
    return v.orElseThrow(() -> ProblemException.notFound("dataset '" + dataset + "' has no version '" + ref + "'"));
  }

  /** Where the bytes of a version are (for streaming them). */
  public StoredVersion stored(String dataset, String ref) {
    VersionEntity v = resolve(dataset, ref);
    return new StoredVersion(v.dataset, v.versionId, v.number, v.byteSize, v.objectKey);
  }

  public DatasetVersionInfo version(String dataset, String ref) {
    return info(resolve(dataset, ref), true);
  }

  public List<DatasetStats> datasets() {
    return repo.all().stream().map(this::stats).toList();
  }

  public DatasetStats summary(String name) {
    return stats(dataset(name));
  }

  private DatasetStats stats(DatasetEntity d) {
    Optional<VersionEntity> latest = d.latestNumber == 0 ? Optional.empty() : repo.versionByNumber(d.name, d.latestNumber);
    return new DatasetStats(d.name, repo.countVersions(d.name), d.latestNumber,
        latest.map(v -> v.versionId).orElse(null), d.schemaRevision, d.createdAt, d.updatedAt);
  }

  public Page<DatasetVersionInfo> versions(String dataset, int page, int size) {
    dataset(dataset);
    if (page < 0) {
      throw ProblemException.badRequest("page", "page must be 0 or more");
    }
    if (size < 1 || size > 200) {
      throw ProblemException.badRequest("size", "size must be between 1 and 200");
    }
    Map<Integer, DatasetSchema> schemas = schemas(dataset);
    List<DatasetVersionInfo> items = repo.versions(dataset, page, size).stream()
        .map(v -> mapper.info(v, schemas.get(v.schemaRevision), false)).toList();
    return new Page<>(items, page, size, repo.countVersions(dataset));
  }

  public VersionComparison diff(String dataset, String fromRef, String toRef) {
    if (fromRef == null || toRef == null) {
      throw ProblemException.badRequest(fromRef == null ? "from" : "to", "both 'from' and 'to' version references are required");
    }
    VersionEntity a = resolve(dataset, fromRef);
    VersionEntity b = resolve(dataset, toRef);
    Map<Integer, DatasetSchema> schemas = schemas(dataset);
    DatasetSchema sa = schemas.get(a.schemaRevision);
    DatasetSchema sb = schemas.get(b.schemaRevision);
    return new VersionComparison(dataset,
        new VersionComparison.Point(a.versionId, a.number, a.rows, a.schemaRevision),
        new VersionComparison.Point(b.versionId, b.number, b.rows, b.schemaRevision),
        SchemaDiff.between(sa, sb), b.rows - a.rows,
        ProfileDiff.between(mapper.profile(a.profile), mapper.profile(b.profile)));
  }

  private DatasetEntity dataset(String dataset) {
    if (!ResourceNames.isValid(dataset)) {
      throw ProblemException.notFound("no dataset '" + dataset + "'");
    }
    return repo.find(dataset).orElseThrow(() -> ProblemException.notFound("no dataset '" + dataset + "'"));
  }

  private Map<Integer, DatasetSchema> schemas(String dataset) {
    Map<Integer, DatasetSchema> m = new HashMap<>();
    for (SchemaEntity s : repo.schemas(dataset)) {
      m.put(s.revision, mapper.schema(s.schemaJson));
    }
    return m;
  }

  DatasetVersionInfo info(VersionEntity v, boolean withProfile) {
    DatasetSchema schema = repo.schema(v.dataset, v.schemaRevision).map(s -> mapper.schema(s.schemaJson)).orElse(null);
    return mapper.info(v, schema, withProfile);
  }
}
