package dev.cd4ml.serving.api;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.support.problem.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Benchmark calibration: the same stack as {@code POST /predictions} (event loop, JSON in and out)
 * without a model, so a benchmark can state predictions/s as a fraction of what the stack itself
 * does on the same machine. Off unless {@code cd4ml.serving.bench-endpoint=true} (404).
 */
@Path("/bench/noop")
@Tag(name = "benchmark")
public class BenchResource {
  private final boolean enabled;

  public BenchResource(ServingConfig config) {
    this.enabled = config.benchEndpoint();
  }

  public record NoopResponse(String status, int fields) {}

  @POST
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "No-op JSON endpoint for benchmark calibration (enabled by cd4ml.serving.bench-endpoint)")
  public NoopResponse noop(PredictionRequest request) {
    if (!enabled) {
      throw ProblemException.notFound("the benchmark endpoint is off (cd4ml.serving.bench-endpoint=false)");
    }
    return new NoopResponse("ok", request == null || request.features() == null ? 0 : request.features().size());
  }
}
