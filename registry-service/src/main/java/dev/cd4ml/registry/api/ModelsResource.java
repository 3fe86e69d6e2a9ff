package dev.cd4ml.registry.api;

import dev.cd4ml.contracts.model.CheckResult;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.contracts.model.StageChangeRequest;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.registry.domain.CheckReport;
import dev.cd4ml.registry.domain.ModelNames;
import dev.cd4ml.registry.domain.StoredArtifact;
import dev.cd4ml.registry.service.ArtifactService;
import dev.cd4ml.registry.service.RegistrationService;
import dev.cd4ml.registry.service.Registered;
import dev.cd4ml.registry.service.RegistryQueries;
import dev.cd4ml.registry.service.RegistryStore;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.registry.domain.Caller;
import dev.cd4ml.support.auth.Callers;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Model versions, artifacts, stages, checks and the audit trail")
public class ModelsResource {
  private static final String PROBLEM = Problem.MEDIA_TYPE;

  private final RegistrationService registration;
  private final RegistryStore store;
  private final RegistryQueries queries;
  private final ArtifactService artifacts;
  private final SecurityIdentity identity;

  public ModelsResource(RegistrationService registration, RegistryStore store, RegistryQueries queries,
      ArtifactService artifacts, SecurityIdentity identity) {
    this.identity = identity;
    this.registration = registration;
    this.store = store;
    this.queries = queries;
    this.artifacts = artifacts;
  }

  @POST
  @Path("/{name}/versions")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @RolesAllowed(Roles.TRAINER)
  @Operation(operationId = "registerModelVersion", summary = "Register a model version",
      description = "Needs role trainer, and a version's metrics are accepted only from training-service's own "
          + "identity (client credentials): the production gate trusts them. The actor is recorded as registeredBy. "
          + "Stores the artifact on S3 under a content-addressed key (models/<name>/<sha256>.tribuo) and the "
          + "lineage in the database; announces model-version.registered. Registering the same bytes again for the "
          + "same model returns the existing version (200).")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
      schema = @Schema(implementation = RegistrationForm.class)))
  @APIResponse(responseCode = "201", description = "Registered; Location points at the new version",
      content = @Content(schema = @Schema(implementation = ModelVersionInfo.class)))
  @APIResponse(responseCode = "200", description = "These artifact bytes were already registered for this model",
      content = @Content(schema = @Schema(implementation = ModelVersionInfo.class)))
  @APIResponse(responseCode = "400", description = "Not a loadable Tribuo classification model, or a bad model name; nothing stored",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "422", description = "Artifact or lineage fields missing; each is listed; nothing stored",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "Object storage unavailable; nothing stored",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "403", description = "No role trainer, or metrics from another identity than training-service",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response register(
      @PathParam("name") @Parameter(example = "credit-default") String name,
      @RestForm("artifact") FileUpload artifact,
      @RestForm("lineage") @PartType(MediaType.APPLICATION_JSON) ModelLineage lineage,
      @Context UriInfo uri) {
    String actor = Callers.actor(identity);
    if (lineage != null && lineage.metrics() != null && !lineage.metrics().isEmpty()
        && !Callers.isClient(identity, Roles.Clients.TRAINING_SERVICE)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "'" + actor + "' may not register metrics: the production "
          + "gate trusts a version's metrics only from " + Roles.Clients.TRAINING_SERVICE + " (client credentials).");
    }
    Registered result = registration.register(name, artifact == null ? null : artifact.uploadedFile(), lineage, actor);
    ModelVersionInfo v = result.version();
    if (!result.created()) {
      return Response.ok(v).build();
    }
    return Response.created(uri.getBaseUriBuilder().path("models").path(v.model()).path("versions")
        .path(String.valueOf(v.version())).build()).entity(v).build();
  }

  @GET
  @Operation(operationId = "listModels", summary = "List models with their latest version and stage holders")
  public List<ModelSummary> models() {
    return queries.models().stream().map(ModelSummary::of).toList();
  }

  @GET
  @Path("/{name}/versions")
  @Operation(operationId = "listModelVersions", summary = "List versions of a model, newest first, one page at a time")
  public Page<ModelVersionInfo> versions(@PathParam("name") String name,
      @QueryParam("page") @DefaultValue("0") @Parameter(description = "0-based page") int page,
      @QueryParam("size") @DefaultValue("20") @Parameter(description = "1..100") int size) {
    List<ProblemError> errors = new ArrayList<>();
    if (page < 0) {
      errors.add(ProblemError.field("page", "must be 0 or more"));
    }
    if (size < 1 || size > 100) {
      errors.add(ProblemError.field("size", "must be between 1 and 100"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("Invalid paging parameters.", errors);
    }
    return queries.versions(name, page, size);
  }

  @GET
  @Path("/{name}/versions/{version}")
  @Operation(operationId = "getModelVersion", summary = "Get a version: lineage, metrics, signature, current stage and checks")
  public ModelVersionInfo version(@PathParam("name") String name,
      @PathParam("version") @Parameter(description = "3 or v3", example = "3") String version) {
    return queries.version(name, ModelNames.parseVersion(version));
  }

  @GET
  @Path("/{name}/versions/{version}/artifact")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  @Operation(operationId = "downloadModelArtifact", summary = "Download the artifact, streamed and checked against its SHA-256",
      description = "ETag and X-Artifact-Sha256 carry the registered SHA-256. If the stored bytes do not match it, "
          + "the transfer is aborted before the last block (a broken download, never a complete wrong file); a size "
          + "mismatch found before streaming answers 502. Send If-None-Match to get 304 when you already hold it.")
  @APIResponse(responseCode = "200", description = "The serialized Tribuo model",
      headers = {@Header(name = "ETag", description = "\"<sha256>\"", schema = @Schema(type = SchemaType.STRING)),
          @Header(name = "X-Artifact-Sha256", description = "Registered SHA-256 of the artifact (hex)",
              schema = @Schema(type = SchemaType.STRING))},
      content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
          schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "304", description = "If-None-Match matched the artifact's ETag",
      headers = {@Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
          @Header(name = "X-Artifact-Sha256", schema = @Schema(type = SchemaType.STRING))})
  @APIResponse(responseCode = "502", description = "The stored object does not match the registered artifact",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "Object storage unavailable",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response artifact(@PathParam("name") String name, @PathParam("version") String version,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    StoredArtifact v = queries.artifact(name, ModelNames.parseVersion(version));
    EntityTag tag = new EntityTag(v.sha256());
    if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + v.sha256() + "\"") || ifNoneMatch.trim().equals("*"))) {
      return Response.notModified(tag).header("X-Artifact-Sha256", v.sha256()).build();
    }
    return Response.ok(artifacts.open(v), MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .tag(tag)
        .header("X-Artifact-Sha256", v.sha256())
        .header("Content-Disposition", "attachment; filename=\"" + v.model() + "-v" + v.version() + ".tribuo\"")
        .build();
  }

  @GET
  @Path("/{name}/stages/{stage}")
  @Operation(operationId = "getModelVersionInStage", summary = "The version currently in a stage (staging, canary or production)",
      description = "Serving instances ask this at start for the stage of their environment.")
  @APIResponse(responseCode = "200", description = "The version in the stage",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelVersionInfo.class)))
  @APIResponse(responseCode = "404", description = "No version of the model is in that stage",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public ModelVersionInfo inStage(@PathParam("name") String name,
      @PathParam("stage") @Parameter(example = "production") String stage) {
    return queries.inStage(name, Stage.parse(stage));
  }

  @POST
  @Path("/{name}/versions/{version}/stage")
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  @Operation(operationId = "changeModelVersionStage",
      summary = "Move a version into a stage (promote, canary, archive, roll back)",
      description = "staging needs role pipeline or release-manager; canary, production, archived and leaving production "
          + "need release-manager. The token's actor is recorded in the audit trail. The previous holder of staging/canary/production is archived in the same transaction. "
          + "canary: the version answers trafficWeight percent (default 10) of the production instance's requests "
          + "beside the production version; entering it needs every production rule except max-regression; "
          + "posting canary again with another trafficWeight changes the weight; canary -> production promotes "
          + "it (every rule), canary -> archived aborts it. Production "
          + "requires the policy: a passed required check (acceptance) recorded while in staging, the primary "
          + "metric at least min-value and not worse than the current production by more than max-regression "
          + "(not applied to a version that was in production before: a rollback), every fairness.*Gap metric at "
          + "most max-fairness-gap. Rollback = move an earlier version into production again. Moving a version "
          + "to the stage it is in changes nothing.")
  @APIResponse(responseCode = "200", description = "The version after the change",
      content = @Content(schema = @Schema(implementation = ModelVersionInfo.class)))
  @APIResponse(responseCode = "400", description = "No or unknown stage, trafficWeight outside 0-100 or given for "
      + "another stage than canary, the production version as its own canary, malformed body",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "401", description = "No bearer token, or one expired, wrongly signed or from another issuer",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "403", description = "The token's roles do not allow this move",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "409", description = "Refused by the promotion policy; each unmet rule is listed "
      + "(errors[].field = required-check, primary-metric, min-value, max-regression, max-fairness-gap); nothing changed",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public ModelVersionInfo changeStage(@PathParam("name") String name, @PathParam("version") String version,
      StageChangeRequest body) {
    if (body == null || body.stage() == null) {
      throw ProblemException.badRequest("stage", "stage is required (staging, canary, production or archived)");
    }
    return store.changeStage(name, ModelNames.parseVersion(version), body.stage(), blankToNull(body.reason()),
        blankToNull(body.pipelineLabel()), body.trafficWeight(), caller());
  }

  @POST
  @Path("/{name}/versions/{version}/checks")
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  @Operation(operationId = "recordModelVersionCheck", summary = "Record a named check result on a version (e.g. acceptance)",
      description = "The stage the version is in is recorded with the check; production needs a passed acceptance "
          + "check recorded while in staging. Needs role pipeline or release-manager; the actor is recorded.")
  @APIResponse(responseCode = "201", description = "Recorded",
      content = @Content(schema = @Schema(implementation = CheckResult.class)))
  @APIResponse(responseCode = "401", description = "No bearer token, or one expired, wrongly signed or from another issuer",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "403", description = "The token has neither role pipeline nor release-manager",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response recordCheck(@PathParam("name") String name, @PathParam("version") String version,
      CheckRequest body) {
    List<ProblemError> errors = new ArrayList<>();
    if (body == null || body.name() == null || body.name().isBlank()) {
      errors.add(ProblemError.field("name", "the check name is required, e.g. acceptance"));
    }
    if (body == null || body.passed() == null) {
      errors.add(ProblemError.field("passed", "passed (true or false) is required"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("Invalid check result.", errors);
    }
    CheckResult result = store.recordCheck(name, ModelNames.parseVersion(version),
        new CheckReport(body.name(), body.passed(), body.details(), body.pipelineLabel()), caller());
    return Response.status(Response.Status.CREATED).entity(result).build();
  }

  @GET
  @Path("/{name}/history")
  @Operation(operationId = "getModelHistory", summary = "Audit trail: every stage change of the model, oldest first")
  public List<HistoryEntry> history(@PathParam("name") String name) {
    return queries.history(name).stream().map(HistoryEntry::of).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The verified token's actor and realm roles (the operation is @Authenticated, so there is one). */
  private Caller caller() {
    return new Caller(Callers.actor(identity), identity.getRoles());
  }
}
