package dev.cd4ml.training.api;

import dev.cd4ml.contracts.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.training.service.RunSnapshot;
import dev.cd4ml.training.service.TrainingRunService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.common.annotation.Blocking;

@Path("/training-runs")
@Tag(name = "Training runs", description = "Reproducible Tribuo training jobs with evaluation and experiment tracking")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TrainingRunResource {
  private final TrainingRunService service;

  public TrainingRunResource(TrainingRunService service) {
    this.service = service;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.TRAINER)
  @Operation(operationId = "startTrainingRun", summary = "Start a training run",
      description = "Needs role trainer. Queues a run on the bounded worker pool and answers at once; follow it with GET /training-runs/{id}.")
  @APIResponse(responseCode = "202", description = "Run accepted (status queued)",
      headers = @Header(name = "Location", description = "The run's URL",
          schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingRunView.class)))
  @APIResponse(responseCode = "429", description = "Workers and queue are full; retry after the Retry-After seconds",
      headers = @Header(name = "Retry-After", description = "Seconds to wait",
          schema = @Schema(type = SchemaType.INTEGER)),
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response submit(TrainingRunRequest request, @Context UriInfo uri) {
    if (request == null) {
      throw ProblemException.badRequest("body", "a JSON body is required");
    }
    TrainingRunView run = TrainingRunView.of(service.submit(request.toRunRequest()));
    return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id().toString()).build()).build();
  }

  @GET
  @Operation(operationId = "listTrainingRuns", summary = "List training runs", description = "Filter by dataset and status, sort by a column or a metric, "
      + "one page at a time. Listed runs omit evaluation details, signature and provenance.")
  public Page<TrainingRunView> list(
      @QueryParam("dataset") String dataset,
      @Parameter(description = "queued, loading, training, evaluating, registering, succeeded, failed, cancelled")
      @QueryParam("status") String status,
      @Parameter(description = "createdAt|finishedAt|status|dataset|algorithm|metrics.<name>, then :asc or :desc",
          example = "metrics.accuracy:desc") @QueryParam("sort") String sort,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("20") int size) {
    Page<RunSnapshot> runs = service.list(dataset, status, sort, page, size);
    return new Page<>(runs.items().stream().map(TrainingRunView::of).toList(), runs.page(), runs.size(), runs.total());
  }

  @GET
  @Path("/compare")
  @Operation(operationId = "compareTrainingRuns", summary = "Compare runs side by side", description = "Inputs (algorithm, data version, code revision, seed, "
      + "params, split) and metrics of each run; every row says whether the runs differ on it.")
  @APIResponse(responseCode = "200", description = "The comparison",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunComparisonView.class)))
  public RunComparisonView compare(
      @Parameter(description = "2 to 20 run ids, comma separated", required = true,
          schema = @Schema(type = SchemaType.STRING)) @QueryParam("ids") String ids) {
    return RunComparisonView.of(service.compare(ids));
  }

  @GET
  @Path("/{id}")
  @Operation(operationId = "getTrainingRun", summary = "Get a training run", description = "Status with live progress (phase, percent, rows loaded), "
      + "timings per phase, metrics, evaluation, signature, provenance and registration state.")
  @APIResponse(responseCode = "200", description = "The run",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingRunView.class)))
  public TrainingRunView get(@PathParam("id") String id) {
    return TrainingRunView.of(service.get(parse(id)));
  }

  @POST
  @Path("/{id}/registration")
  @RolesAllowed(Roles.TRAINER)
  @Operation(operationId = "registerTrainingRunModel", summary = "Register a run's model", description = "Needs role "
      + "trainer. Registers the model of a succeeded run in registry-service "
      + "with its full lineage (the pipeline does this after its evaluation gate). Idempotent. A registry outage leaves "
      + "registration pending and it is retried; a refusal by the registry shows as rejected.")
  @APIResponse(responseCode = "200", description = "The run with its registration state (registered, pending or rejected)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingRunView.class)))
  @APIResponse(responseCode = "409", description = "The run did not succeed, or its model is not kept",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public TrainingRunView register(@PathParam("id") String id) {
    return TrainingRunView.of(service.requestRegistration(parse(id)));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Roles.TRAINER)
  @Operation(operationId = "cancelTrainingRun", summary = "Cancel a training run", description = "Needs role trainer. A queued run is cancelled at once; a running one at its "
      + "next checkpoint (between phases, or while rows load).")
  @APIResponse(responseCode = "202", description = "Cancellation accepted",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingRunView.class)))
  @APIResponse(responseCode = "409", description = "The run already ended",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response cancel(@PathParam("id") String id) {
    return Response.accepted(TrainingRunView.of(service.cancel(parse(id)))).build();
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("no training run " + id);
    }
  }
}
