package dev.cd4ml.data.api;

import dev.cd4ml.data.domain.ProfileDiff.ColumnDelta;
import dev.cd4ml.data.domain.SchemaDiff.Change;
import dev.cd4ml.data.domain.VersionComparison;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /datasets/{name}/diff}: what changed from one version to another (deltas are to - from). */
@Schema(name = "VersionDiff")
public record VersionDiff(
    String dataset,
    VersionPoint from,
    VersionPoint to,
    @Schema(description = "Schema differences: columns added/removed/retyped, label, id or protected columns changed")
    List<Change> schemaChanges,
    long rowsDelta,
    @Schema(description = "Per column present in both with the same type: profile deltas")
    Map<String, ColumnDelta> columns) {

  public record VersionPoint(String id, int number, long rows, int schemaRevision) {
    static VersionPoint of(VersionComparison.Point p) {
      return new VersionPoint(p.id(), p.number(), p.rows(), p.schemaRevision());
    }
  }

  public static VersionDiff of(VersionComparison c) {
    return new VersionDiff(c.dataset(), VersionPoint.of(c.from()), VersionPoint.of(c.to()), c.schemaChanges(),
        c.rowsDelta(), c.columns());
  }
}
