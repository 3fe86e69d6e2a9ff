package dev.cd4ml.monitoring.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis;
import dev.cd4ml.monitoring.domain.Kinds;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.repository.ReportEntity;
import dev.cd4ml.monitoring.repository.ReportRepository;
import dev.cd4ml.monitoring.service.CanaryAnalysisService;
import dev.cd4ml.monitoring.service.Evaluations;
import dev.cd4ml.monitoring.service.ReportService;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "monitoring", description = "Drift, fairness and online quality of served model versions")
public class MonitoringResource {
  private final ReportService reports;
  private final Evaluations evaluations;
  private final ReportRepository stored;
  private final ObjectMapper json;
  private final CanaryAnalysisService canaries;

  public MonitoringResource(ReportService reports, Evaluations evaluations, ReportRepository stored, ObjectMapper json,
      CanaryAnalysisService canaries) {
    this.canaries = canaries;
    this.reports = reports;
    this.evaluations = evaluations;
    this.stored = stored;
    this.json = json;
  }

  @GET
  @Path("/models/{name}/report")
  @Operation(operationId = "getMonitoringReport", summary = "Judge a served version over a window, now",
      description = "Input drift per feature (PSI, KS, missing rate), prediction drift, fairness per protected group, "
          + "online quality from ground truth and shadow agreement, against the version's training data. Computed on "
          + "request from the prediction log; not stored (the scheduled evaluation stores).")
  @APIResponse(responseCode = "200", description = "The report",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
  @APIResponse(responseCode = "400", description = "Unparsable or inverted window, invalid name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Unknown model, version or environment, or no version in its stage",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "503", description = "The prediction log, the registry or data-service is unavailable",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Report report(
      @PathParam("name") @Parameter(example = "credit") String name,
      @QueryParam("environment") @DefaultValue("production") @Parameter(description = "test or production") String environment,
      @QueryParam("version") @Parameter(description = "default: the version the environment's stage holds") Integer version,
      @QueryParam("from") @Parameter(description = "ISO-8601 instant; default: to minus the evaluation window", example = "2026-12-01T10:00:00Z") String from,
      @QueryParam("to") @Parameter(description = "ISO-8601 instant; default: now", example = "2026-12-01T11:00:00Z") String to) {
    checkName(name);
    return reports.report(name, environment, version, instant("from", from), instant("to", to));
  }

  @GET
  @Path("/models/{name}/canary-analysis")
  @Operation(operationId = "getCanaryAnalysis", summary = "Compare the canary with the primary version over a window",
      description = "From the prediction log, over the same window for both: predictions per version and the canary's "
          + "share, refused requests and the error rate, latency p99 (the records' latencyMs), the PSI between the two "
          + "predicted-label distributions, and online accuracy where feedback labelled predictions. Measures only: "
          + "the pipeline's canary analysis applies its thresholds.")
  @APIResponse(responseCode = "200", description = "Both versions' figures",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CanaryAnalysis.class)))
  @APIResponse(responseCode = "400", description = "Unparsable or inverted window, invalid name, the canary is the primary",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Unknown model, version or environment, or no version in the canary or primary stage",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "503", description = "The prediction log or the registry is unavailable",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public CanaryAnalysis canaryAnalysis(
      @PathParam("name") @Parameter(example = "credit") String name,
      @QueryParam("environment") @DefaultValue("production") @Parameter(description = "the environment whose stage holds the primary") String environment,
      @QueryParam("canaryVersion") @Parameter(description = "default: the version the registry's canary stage holds") Integer canaryVersion,
      @QueryParam("primaryVersion") @Parameter(description = "default: the version the environment's stage holds") Integer primaryVersion,
      @QueryParam("from") @Parameter(description = "ISO-8601 instant; default: to minus the evaluation window", example = "2026-12-01T10:00:00Z") String from,
      @QueryParam("to") @Parameter(description = "ISO-8601 instant; default: now", example = "2026-12-01T11:00:00Z") String to) {
    checkName(name);
    return canaries.analyse(name, environment, canaryVersion, primaryVersion, instant("from", from), instant("to", to));
  }

  @GET
  @Path("/models/{name}/reports")
  @Operation(operationId = "listMonitoringReports", summary = "Stored evaluations of a model, newest first, one page at a time")
  @APIResponse(responseCode = "200", description = "One page of stored evaluations")
  public Page<StoredReport> history(
      @PathParam("name") String name,
      @QueryParam("environment") String environment,
      @QueryParam("version") Integer version,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("20") int size) {
    checkName(name);
    if (page < 0 || size < 1 || size > 200) {
      throw ProblemException.badRequest("invalid page", List.of(ProblemError.field(page < 0 ? "page" : "size",
          page < 0 ? "must be >= 0" : "must be between 1 and 200")));
    }
    List<StoredReport> items = stored.page(name, environment, version, page, size).stream().map(this::view).toList();
    return new Page<>(items, page, size, stored.count(name, environment, version));
  }

  @POST
  @Path("/evaluations")
  @RolesAllowed(Roles.MONITORING)
  @Operation(operationId = "runMonitoringEvaluation", summary = "Evaluate every served version (or one model's) now",
      description = "What the schedule does every interval: labels predictions with new feedback, judges each version an "
          + "environment's stage holds over the last window, stores the reports and publishes one model-monitor.* event "
          + "per kind of judgement that turned to alert. Needs role monitoring.")
  @APIResponse(responseCode = "200", description = "The evaluations stored")
  @APIResponse(responseCode = "503", description = "The prediction log or the registry is unavailable; nothing stored",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public List<EvaluationResult> evaluate(@QueryParam("model") String model) {
    if (model != null) {
      checkName(model);
    }
    return evaluations.evaluateAll(model).stream().map(s -> new EvaluationResult(s.id().toString(), s.report().model(),
        s.report().environment(), s.report().version(), s.report().status().json(),
        s.alerted().stream().map(k -> k.name().toLowerCase()).toList())).toList();
  }

  private StoredReport view(ReportEntity e) {
    Map<String, String> kinds = new LinkedHashMap<>();
    Kinds.decode(e.kindStatus).forEach((k, v) -> kinds.put(k.name().toLowerCase(), v.json()));
    try {
      return new StoredReport(e.id.toString(), e.model, e.environment, e.version, e.windowFrom, e.windowTo,
          e.generatedAt, e.status, kinds, json.readTree(e.report));
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static void checkName(String name) {
    ResourceNames.problem("model", name).ifPresent(p -> {
      throw ProblemException.badRequest("name", p);
    });
  }

  static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(field, "'" + value + "' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
  }
}
