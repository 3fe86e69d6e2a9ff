package dev.cd4ml.cli.bridge;

import java.util.Map;

/** Schedules a pipeline run with variables: GoCD's API in production, the local runner on a laptop. */
public interface PipelineScheduler {
  enum Outcome { SCHEDULED, RETRY, REJECTED }

  Outcome schedule(String pipeline, Map<String, String> variables);
}
