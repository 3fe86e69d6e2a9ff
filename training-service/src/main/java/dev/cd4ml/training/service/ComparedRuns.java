package dev.cd4ml.training.service;

import dev.cd4ml.training.domain.RunComparison;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Runs side by side: the values of every row follow the order of {@code runs}. */
public record ComparedRuns(List<Run> runs, List<RunComparison.Row> inputs, List<RunComparison.Row> metrics) {
  public record Run(UUID id, String dataset, String status, OffsetDateTime createdAt) {}
}
