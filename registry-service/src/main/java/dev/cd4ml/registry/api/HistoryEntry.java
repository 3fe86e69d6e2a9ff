package dev.cd4ml.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cd4ml.registry.domain.StageChange;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One stage change in the audit trail")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
    String model,
    int version,
    @Schema(description = "stage before the change", example = "staging") String from,
    @Schema(description = "stage after the change", example = "production") String to,
    @Schema(description = "who made it (from the bearer token)") String actor,
    String reason,
    String pipelineLabel,
    Instant at,
    @Schema(description = "For an entry into production: how the gate's max-regression rule compared the version with the "
        + "one it replaced (on the same held-out rows through its champion figures, or each on its own data), with the figures",
        nullable = true)
    String gate,
    @Schema(description = "For a change into or within canary: the traffic weight it set, in percent", nullable = true,
        example = "10")
    Integer trafficWeight) {

  public static HistoryEntry of(StageChange c) {
    return new HistoryEntry(c.model(), c.version(), c.from(), c.to(), c.actor(), c.reason(), c.pipelineLabel(), c.at(),
        c.gate(), c.trafficWeight());
  }
}
