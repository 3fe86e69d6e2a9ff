package dev.cd4ml.data.api;

import dev.cd4ml.data.domain.ProfileDiff.ColumnDelta;
import dev.cd4ml.data.domain.SchemaDiff.Change;
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

  public record VersionPoint(String id, int number, long rows, int schemaRevision) {}
}
