package dev.cd4ml.training.api;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Runs side by side: {@code values} follow the order of {@code runs}. */
@Schema(name = "RunComparison")
public record RunComparisonView(List<RunHeader> runs, List<Row> inputs, List<Row> metrics) {
  @Schema(name = "RunComparisonRun")
  public record RunHeader(UUID id, String dataset, String status, String createdAt) {}

  @Schema(name = "RunComparisonRow")
  public record Row(String name, List<Object> values, boolean differs) {}
}
