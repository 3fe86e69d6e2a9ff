package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /models/{m}/versions/{v}/stage}; the actor comes from the bearer token.
 *
 * @param trafficWeight only with {@code stage = canary}: the share of the production instance's requests the
 *                      canary answers, in percent (0–100); null = the registry's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageChangeRequest(Stage stage, String reason, String pipelineLabel, Integer trafficWeight) {
  public StageChangeRequest(Stage stage, String reason, String pipelineLabel) {
    this(stage, reason, pipelineLabel, null);
  }
}
