package dev.cd4ml.serving.api;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.service.ExplanationSampler;
import dev.cd4ml.serving.service.PredictionService;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.contracts.auth.Roles;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Benchmark calibration on a running instance, off unless {@code cd4ml.serving.bench-endpoint=true}
 * (404): {@code /bench/noop} is the same stack as {@code POST /predictions} (event loop, JSON in and
 * out) without a model, so predictions/s can be stated as a fraction of what the stack itself does
 * on the same machine; {@code /bench/predictions-unlogged} is {@code POST /predictions} without the
 * Fluentd record, so the cost of logging can be measured on the same instance; {@code PUT
 * /bench/explain-sample-rate} switches explanation sampling and {@code PUT /bench/predictions-role} the role
 * {@code POST /predictions} requires, to measure their cost the same way.
 */
@Path("/bench")
@Tag(name = "benchmark")
public class BenchResource {
  private final boolean enabled;
  private final PredictionService predictions;
  private final ExplanationSampler sampler;
  private final PredictionAccess access;

  public BenchResource(ServingConfig config, PredictionService predictions, ExplanationSampler sampler,
      PredictionAccess access) {
    this.enabled = config.benchEndpoint();
    this.predictions = predictions;
    this.sampler = sampler;
    this.access = access;
  }

  public record NoopResponse(String status, int fields) {}

  @POST
  @Path("/noop")
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "benchNoop", summary = "No-op JSON endpoint for benchmark calibration (enabled by cd4ml.serving.bench-endpoint)",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "answers how many features the body had; stores nothing "
          + "(404 unless cd4ml.serving.bench-endpoint)"))
  @APIResponse(responseCode = "200", description = "How many features the body had",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NoopResponse.class)))
  @APIResponse(responseCode = "404", description = "The benchmark endpoints are off",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public NoopResponse noop(PredictionRequest request) {
    requireEnabled();
    return new NoopResponse("ok", request == null || request.features() == null ? 0 : request.features().size());
  }

  @POST
  @Path("/predictions-unlogged")
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "benchPredictUnlogged", summary = "POST /predictions without the Fluentd record, for measuring what logging costs "
      + "(enabled by cd4ml.serving.bench-endpoint)",
      description = "Validation, prediction and metrics exactly as POST /predictions; no prediction record is logged "
          + "and no shadow runs. Not for clients: their predictions must be logged.",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "computes a prediction; logs and stores nothing "
          + "(404 unless cd4ml.serving.bench-endpoint)"))
  @APIResponse(responseCode = "200", description = "The prediction",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionResponse.class)))
  @APIResponse(responseCode = "400", description = "Invalid features, as for POST /predictions",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "404", description = "The benchmark endpoints are off",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "No model loaded yet",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public PredictionResponse predictUnlogged(PredictionRequest request) {
    requireEnabled();
    return PredictionResponse.of(predictions.predictUnlogged(PredictionRequest.featuresOf(request)));
  }

  public record SampleRate(double rate) {}

  @PUT
  @Path("/explain-sample-rate")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "benchSetExplainSampleRate", summary = "Sets cd4ml.serving.explain-sample-rate on this running "
      + "instance, so one benchmark run measures predictions with and without explanation sampling "
      + "(enabled by cd4ml.serving.bench-endpoint)",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "benchmark only (404 unless cd4ml.serving.bench-endpoint, "
          + "which production never sets): changes this process's sample rate until it restarts, no stored state"))
  @APIResponse(responseCode = "200", description = "The rate now in force",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SampleRate.class)))
  @APIResponse(responseCode = "400", description = "The rate is not between 0 and 1",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "404", description = "The benchmark endpoints are off",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public SampleRate setExplainSampleRate(
      @Parameter(description = "Share of predictions explained and logged, 0 to 1", required = true)
      @QueryParam("rate") Double rate) {
    requireEnabled();
    if (rate == null || !(rate >= 0 && rate <= 1)) {
      throw ProblemException.badRequest("rate", "must be a number between 0 and 1, was " + rate);
    }
    sampler.setRate(rate);
    return new SampleRate(sampler.rate());
  }

  @Schema(description = "The role POST /predictions and /predictions/batch require now")
  public record PredictionsRole(
      @Schema(description = "True when predictions are open (no token looked at)") boolean open,
      @Schema(description = "The realm role a caller's token must hold; absent when open") String role) {}

  @PUT
  @Path("/predictions-role")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "benchSetPredictionsRole", summary = "Sets cd4ml.serving.predictions-role on this running "
      + "instance, so one benchmark run measures POST /predictions open and with a role required on the same instance "
      + "(enabled by cd4ml.serving.bench-endpoint)",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "benchmark only (404 unless cd4ml.serving.bench-endpoint, "
          + "which production never sets): changes this process's predictions role until it restarts, no stored state"))
  @APIResponse(responseCode = "200", description = "The role now required, or open",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionsRole.class)))
  @APIResponse(responseCode = "404", description = "The benchmark endpoints are off",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public PredictionsRole setPredictionsRole(
      @Parameter(description = "The realm role to require; absent or empty: predictions open")
      @QueryParam("role") String role) {
    requireEnabled();
    access.requireRole(java.util.Optional.ofNullable(role));
    return new PredictionsRole(access.open(), access.role().orElse(null));
  }

  private void requireEnabled() {
    if (!enabled) {
      throw ProblemException.notFound("the benchmark endpoints are off (cd4ml.serving.bench-endpoint=false)");
    }
  }
}
