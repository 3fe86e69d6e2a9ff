package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.serving.domain.PredictionRecord;
import dev.cd4ml.serving.service.ModelManager;
import dev.cd4ml.serving.service.PredictionLogger;
import dev.cd4ml.serving.service.ServedModel;
import dev.cd4ml.support.problem.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/feedback")
@Tag(name = "feedback", description = "Ground truth for monitoring")
public class FeedbackResource {
  private final ModelManager models;
  private final PredictionLogger logger;

  public FeedbackResource(ModelManager models, PredictionLogger logger) {
    this.models = models;
    this.logger = logger;
  }

  @POST
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "recordFeedback", summary = "Record the true label of an earlier prediction",
      description = "Logged to Fluentd with tag cd4ml.feedback (joined with cd4ml.prediction on requestId by monitoring).")
  @APIResponse(responseCode = "202", description = "Accepted for logging",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
  public Response feedback(FeedbackRequest request) {
    List<ProblemError> errors = new ArrayList<>();
    ServedModel served = models.current();
    if (request == null || request.requestId() == null || request.requestId().isBlank()) {
      errors.add(ProblemError.field("requestId", "required: the requestId of the prediction"));
    }
    if (request == null || request.actual() == null || request.actual().isBlank()) {
      errors.add(ProblemError.field("actual", "required: the true label"));
    } else if (served != null && !served.model().labels().contains(request.actual())) {
      errors.add(ProblemError.field("actual", "'" + request.actual() + "' is not a label of the model (labels: "
          + String.join(", ", served.model().labels()) + ")"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("invalid feedback", errors);
    }
    Map<String, Object> record = PredictionRecord.feedback(request.requestId(), request.actual(), Instant.now(),
        models.config().environment().name(), models.config().model(),
        served == null ? null : served.model().version());
    logger.log(PredictionLogFields.FEEDBACK_TAG, record);
    return Response.accepted(new FeedbackAccepted(request.requestId(), request.actual())).build();
  }
}
