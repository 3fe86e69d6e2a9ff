package dev.cd4ml.serving.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to {@code POST /feedback}: what was accepted for logging. */
@Schema(name = "FeedbackAccepted")
public record FeedbackAccepted(
    @Schema(description = "The requestId of the prediction the label belongs to") String requestId,
    @Schema(description = "The true label") String actual) {}
