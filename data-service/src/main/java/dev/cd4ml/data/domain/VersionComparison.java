package dev.cd4ml.data.domain;

import java.util.List;
import java.util.Map;

/** Two versions of a dataset compared: schema changes, row count and per-column profile deltas (to - from). */
public record VersionComparison(String dataset, Point from, Point to, List<SchemaDiff.Change> schemaChanges,
    long rowsDelta, Map<String, ProfileDiff.ColumnDelta> columns) {

  public record Point(String id, int number, long rows, int schemaRevision) {}
}
