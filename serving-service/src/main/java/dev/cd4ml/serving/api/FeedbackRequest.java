package dev.cd4ml.serving.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FeedbackRequest", description = "The ground truth for an earlier prediction")
public record FeedbackRequest(
    @Schema(description = "requestId returned by POST /predictions", required = true) String requestId,
    @Schema(description = "The label that turned out to be true", required = true, example = "no") String actual) {}
