package dev.cd4ml.serving.api;

import dev.cd4ml.serving.service.PredictionService;
import dev.cd4ml.contracts.auth.Roles;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/predictions")
@RejectionsLogged
@Tag(name = "predictions", description = "Predictions from the model of this environment's stage")
public class PredictionResource {
  private final PredictionService predictions;
  private final PredictionAccess access;

  public PredictionResource(PredictionService predictions, PredictionAccess access) {
    this.predictions = predictions;
    this.access = access;
  }

  /**
   * Runs on the event loop: validation, encoding and a tree walk are microseconds and never block. An
   * explained prediction moves to a worker thread: LIME predicts a few hundred perturbed rows.
   */
  @POST
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "predict", summary = "Predict one row",
      description = "Validates the features against the answering model's signature (every missing, unknown, mistyped "
          + "or unseen-category feature is listed), predicts, and logs inputs and output to Fluentd (tag cd4ml.prediction). "
          + "In production with a canary, the canary answers its traffic weight's share of requests (role canary). "
          + "Open unless cd4ml.serving.predictions-role names a role the caller's bearer token must hold.",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "computes a prediction and logs it; stores nothing a "
          + "later request reads (open by default; cd4ml.serving.predictions-role requires a role)"))
  @APIResponse(responseCode = "200", description = "The prediction",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionResponse.class)))
  @APIResponse(responseCode = "401", description = "Only with cd4ml.serving.predictions-role: no token, or one the realm did not issue, expired or forged",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "403", description = "Only with cd4ml.serving.predictions-role: the token lacks that role",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "413", description = "Body larger than cd4ml.serving.max-body-size",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "No model loaded yet, or none in the stage any more (the kill switch)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Uni<PredictionResponse> predict(PredictionRequest request,
      @Parameter(description = "Add an explanation: the decision path for a tree, LIME weights for a forest "
          + "(also logged with tag cd4ml.explanation)")
      @QueryParam("explain") @DefaultValue("false") boolean explain,
      @Parameter(description = "With a canary in production: requests with the same key are always answered by the "
          + "same model (primary or canary); without it the split is random at the canary's weight")
      @HeaderParam("X-Routing-Key") String routingKey, @Context HttpServerRequest http) {
    if (access.allowsAtOnce(http)) {
      return answer(request, explain, routingKey);
    }
    return access.check(PredictionAccess.authorization(http)).chain(() -> answer(request, explain, routingKey));
  }

  private Uni<PredictionResponse> answer(PredictionRequest request, boolean explain, String routingKey) {
    if (!explain) {
      return Uni.createFrom().item(PredictionResponse.of(
          predictions.predict(PredictionRequest.featuresOf(request), false, routingKey)));
    }
    return Uni.createFrom().item(() -> PredictionResponse.of(
            predictions.predict(PredictionRequest.featuresOf(request), true, routingKey)))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
