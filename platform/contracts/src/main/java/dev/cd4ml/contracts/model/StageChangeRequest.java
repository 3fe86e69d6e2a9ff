package dev.cd4ml.contracts.model;

/** Body of {@code POST /models/{m}/versions/{v}/stage}; the actor comes from the bearer token. */
public record StageChangeRequest(Stage stage, String reason, String pipelineLabel) {}
