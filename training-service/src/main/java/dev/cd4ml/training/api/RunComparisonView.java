package dev.cd4ml.training.api;

import dev.cd4ml.training.domain.RunComparison;
import dev.cd4ml.training.service.ComparedRuns;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Runs side by side: {@code values} follow the order of {@code runs}. */
@Schema(name = "RunComparison")
public record RunComparisonView(List<RunHeader> runs, List<Row> inputs, List<Row> metrics) {
  public static RunComparisonView of(ComparedRuns c) {
    return new RunComparisonView(
        c.runs().stream().map(r -> new RunHeader(r.id(), r.dataset(), r.status(), r.createdAt().toString())).toList(),
        rows(c.inputs()), rows(c.metrics()));
  }

  private static List<Row> rows(List<RunComparison.Row> rows) {
    return rows.stream().map(r -> new Row(r.name(), r.values(), r.differs())).toList();
  }

  @Schema(name = "RunComparisonRun")
  public record RunHeader(UUID id, String dataset, String status, String createdAt) {}

  @Schema(name = "RunComparisonRow")
  public record Row(String name, List<Object> values, boolean differs) {}
}
