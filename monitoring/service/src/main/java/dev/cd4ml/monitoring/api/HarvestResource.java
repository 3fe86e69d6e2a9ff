package dev.cd4ml.monitoring.api;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.HarvestOutcome;
import dev.cd4ml.monitoring.domain.HarvestPolicy;
import dev.cd4ml.monitoring.domain.HarvestTrigger;
import dev.cd4ml.monitoring.repository.HarvestRepository;
import dev.cd4ml.monitoring.service.HarvestService;
import dev.cd4ml.monitoring.service.RetrainingService;
import dev.cd4ml.support.auth.Callers;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Harvests of labelled production data into new dataset versions, and each model's retraining policy. */
@Path("/monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "retraining", description = "Labelled production data becomes a new dataset version: harvests and retraining policies")
public class HarvestResource {
  private final HarvestService harvester;
  private final RetrainingService retraining;
  private final HarvestRepository harvests;
  private final MonitoringConfig config;
  private final SecurityIdentity identity;
  private final Clock clock = Clock.systemUTC();

  public HarvestResource(HarvestService harvester, RetrainingService retraining, HarvestRepository harvests,
      MonitoringConfig config, SecurityIdentity identity) {
    this.identity = identity;
    this.harvester = harvester;
    this.retraining = retraining;
    this.harvests = harvests;
    this.config = config;
  }

  @POST
  @Path("/models/{name}/harvests")
  @RolesAllowed(Roles.MONITORING)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "harvestLabelledPredictions", summary = "Harvest a window's labelled predictions as a new dataset version",
      description = "Builds a CSV of the window's predictions that feedback labelled (the inputs as logged, the label in the "
          + "dataset's label column, the request id in its id column, the training dataset's columns in its order) and posts "
          + "it to data-service as a version of the served version's training dataset with source=feedback and the training "
          + "data version as parent. append = the parent's rows then the new ones; window = the new rows only. The same "
          + "window twice is the same content-addressed version (200, outcome unchanged, no new event). Every outcome, "
          + "errors included, is recorded and listed by listHarvests, with who requested it (requestedBy). Needs role monitoring.")
  @APIResponse(responseCode = "201", description = "A new dataset version was created (outcome created)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HarvestView.class)))
  @APIResponse(responseCode = "200", description = "These rows already are a version (outcome unchanged): nothing new announced",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HarvestView.class)))
  @APIResponse(responseCode = "400", description = "Malformed body, unparsable or inverted window, unknown policy, minLabelled < 1",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Unknown model or environment, or no version in the environment's stage",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "not-enough-labels: fewer labelled predictions than minLabelled (nothing "
      + "posted); harvest-in-progress: another harvest of the model is running",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "422", description = "data-service refused the CSV, or the served version has no training data lineage",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "503", description = "The prediction log, the registry or data-service is unavailable; recorded "
      + "as failed, nothing stored in data-service",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response harvest(@PathParam("name") @Parameter(example = "credit") String name, HarvestRequest body) {
    MonitoringResource.checkName(name);
    HarvestRequest b = body == null ? new HarvestRequest(null, null, null, null, null) : body;
    Instant to = MonitoringResource.instant("to", b.to());
    Instant end = to == null ? clock.instant() : to;
    Instant from = MonitoringResource.instant("from", b.from());
    Instant start = from == null ? end.minus(config.evaluation().window()) : from;
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("the window is empty or inverted", List.of(
          ProblemError.field("from", "must be before 'to' (from " + start + ", to " + end + ")")));
    }
    HarvestPolicy policy;
    try {
      policy = b.policy() == null ? HarvestPolicy.APPEND : HarvestPolicy.parse(b.policy());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("policy", e.getMessage());
    }
    if (b.minLabelled() != null && b.minLabelled() < 1) {
      throw ProblemException.badRequest("minLabelled", "must be at least 1");
    }
    long min = b.minLabelled() != null ? b.minLabelled() : retraining.policyOf(name).policy().minLabelled();
    String environment = b.environment() == null || b.environment().isBlank() ? "production" : b.environment();
    HarvestService.Result r = harvester.harvest(new HarvestService.Request(name, environment, start, end, policy, min,
        HarvestTrigger.MANUAL, null, Callers.actor(identity)));
    if (r.problem() != null) {
      String detail = r.record().reason + " (harvest " + r.record().id + ")";
      Map<String, String> headers = r.problem() == ProblemType.UNAVAILABLE ? Map.of("Retry-After", "5") : Map.of();
      throw new ProblemException(r.problem(), detail, null, 0, headers);
    }
    HarvestView view = HarvestView.of(r.record());
    boolean created = HarvestOutcome.CREATED.json().equals(r.record().outcome);
    return Response.status(created ? 201 : 200).entity(view).build();
  }

  @GET
  @Path("/models/{name}/harvests")
  @Operation(operationId = "listHarvests", summary = "Every harvest decision of a model, newest first, one page at a time",
      description = "Manual and policy-driven harvests with their outcome: created, unchanged, skipped (with why, e.g. too "
          + "few labels or another harvest in progress), failed (with why; policy-driven ones are retried) or running.")
  @APIResponse(responseCode = "200", description = "One page of harvest decisions")
  @APIResponse(responseCode = "400", description = "Invalid name, page, size or outcome",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Page<HarvestView> list(@PathParam("name") String name,
      @QueryParam("outcome") @Parameter(description = "only this outcome",
          schema = @Schema(enumeration = {"running", "created", "unchanged", "skipped", "failed"})) String outcome,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("20") int size) {
    MonitoringResource.checkName(name);
    if (page < 0 || size < 1 || size > 200) {
      throw ProblemException.badRequest("invalid page", List.of(ProblemError.field(page < 0 ? "page" : "size",
          page < 0 ? "must be >= 0" : "must be between 1 and 200")));
    }
    if (outcome != null) {
      try {
        HarvestOutcome.parse(outcome);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest("outcome", "'" + outcome + "' is not running, created, unchanged, skipped or failed");
      }
    }
    return new Page<>(harvests.page(name, outcome, page, size).stream().map(HarvestView::of).toList(), page, size,
        harvests.count(name, outcome));
  }

  @GET
  @Path("/models/{name}/policy")
  @Operation(operationId = "getRetrainingPolicy", summary = "A model's retraining policy",
      description = "The stored policy (PUT), else the configuration's (cd4ml.monitoring.models.\"<name>\".retraining.*), "
          + "else the default (off).")
  @APIResponse(responseCode = "200", description = "The policy in force and where it comes from",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
  @APIResponse(responseCode = "400", description = "Invalid name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public PolicyView policy(@PathParam("name") String name) {
    MonitoringResource.checkName(name);
    return PolicyView.of(name, retraining.policyOf(name));
  }

  @PUT
  @Path("/models/{name}/policy")
  @RolesAllowed(Roles.MONITORING)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "putRetrainingPolicy", summary = "Set a model's retraining policy (overrides the configuration)",
      description = "Replaces the stored policy; absent fields take the configuration's values (schedule: absent is off). "
          + "Needs role monitoring.")
  @APIResponse(responseCode = "200", description = "The policy now in force",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
  @APIResponse(responseCode = "400", description = "Malformed body or an invalid field (named)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public PolicyView putPolicy(@PathParam("name") String name, PolicyView body) {
    MonitoringResource.checkName(name);
    if (body == null) {
      throw ProblemException.badRequest("body", "a policy is required");
    }
    try {
      return PolicyView.of(name, retraining.put(name, body.policy(config.retrainingOf(name))));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "invalid" : e.getMessage();
      int colon = m.indexOf(':');
      String field = colon > 0 && !m.substring(0, colon).contains(" ") ? m.substring(0, colon) : "policy";
      throw ProblemException.badRequest(field, m);
    }
  }
}
