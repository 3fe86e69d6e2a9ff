package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.domain.FeedbackCheck;
import dev.cd4ml.serving.domain.PredictionRecord;
import dev.cd4ml.serving.service.FeedbackSender;
import dev.cd4ml.serving.service.ModelManager;
import dev.cd4ml.serving.service.PredictionService;
import dev.cd4ml.serving.service.ServedModel;
import dev.cd4ml.support.auth.Callers;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/feedback")
@Tag(name = "feedback", description = "Ground truth for monitoring")
public class FeedbackResource {
  private final ModelManager models;
  private final PredictionService predictions;
  private final FeedbackSender sender;

  private final SecurityIdentity identity;

  public FeedbackResource(ModelManager models, PredictionService predictions, FeedbackSender sender,
      SecurityIdentity identity) {
    this.models = models;
    this.predictions = predictions;
    this.sender = sender;
    this.identity = identity;
  }

  @POST
  @NonBlocking
  @RolesAllowed(Roles.FEEDBACK_WRITER)
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "recordFeedback", summary = "Record the true label of an earlier prediction",
      description = "Sent to Fluentd with tag cd4ml.feedback on its own buffered, acknowledged path (joined with "
          + "cd4ml.prediction on requestId by monitoring). Feedback is never dropped: when it cannot be buffered "
          + "(Fluentd unreachable long enough) the answer is 503 with Retry-After, and the client sends it again. Needs role "
          + "feedback-writer; the record names who sent it (sentBy: the token's user, or its client for a service).")
  @APIResponse(responseCode = "202", description = "Accepted: buffered and sent to Fluentd (resent until acknowledged)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
  @APIResponse(responseCode = "400", description = "requestId or actual missing, or actual is not a label of the served model",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "Not accepted now (type feedback-backlog: the feedback buffer is full; "
      + "unavailable: no model loaded yet): send it again after Retry-After seconds",
      headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again",
          schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response feedback(FeedbackRequest request) {
    ServedModel served = predictions.served(); // the labels to check against; 503 before the first load
    List<ProblemError> errors = FeedbackCheck.errors(request == null ? null : request.requestId(),
        request == null ? null : request.actual(), served.model().labels());
    if (!errors.isEmpty()) {
      sender.invalid();
      throw ProblemException.badRequest("invalid feedback", errors);
    }
    Instant now = Instant.now();
    Map<String, Object> record = PredictionRecord.feedback(request.requestId(), request.actual(), now,
        models.config().environment().name(), models.config().model(), served.model().version(), Callers.actor(identity));
    FeedbackSender.Outcome outcome = sender.send(record, now);
    if (outcome != FeedbackSender.Outcome.ACCEPTED) {
      throw new ProblemException(ProblemType.FEEDBACK_BACKLOG, outcome == FeedbackSender.Outcome.LOGGING_OFF
          ? "feedback cannot be recorded: prediction logging is off on this instance (cd4ml.fluentd.enabled=false)"
          : "feedback cannot be buffered now (its log store is unreachable or behind); nothing was recorded, send it again",
          null, 0, Map.of("Retry-After", Long.toString(sender.retryAfterSeconds())));
    }
    return Response.accepted(new FeedbackAccepted(request.requestId(), request.actual())).build();
  }
}
