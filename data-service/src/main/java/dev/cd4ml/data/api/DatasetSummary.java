package dev.cd4ml.data.api;

import dev.cd4ml.data.domain.DatasetStats;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One dataset in {@code GET /datasets}. */
@Schema(name = "DatasetSummary")
public record DatasetSummary(
    String name,
    @Schema(description = "Number of versions") long versions,
    @Schema(description = "Number of the newest version (0 when none)") int latestNumber,
    @Schema(description = "SHA-256 id of the newest version") String latestId,
    @Schema(description = "Current schema revision") int schemaRevision,
    Instant createdAt,
    Instant updatedAt) {

  public static DatasetSummary of(DatasetStats s) {
    return new DatasetSummary(s.name(), s.versions(), s.latestNumber(), s.latestId(), s.schemaRevision(),
        s.createdAt(), s.updatedAt());
  }
}
