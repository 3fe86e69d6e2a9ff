package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.service.PredictionService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every prediction request answered with a 4xx problem (unknown field, wrong type, missing value, malformed
 * body...) becomes a cd4ml.rejection record, so monitoring counts what serving refused. Bound to the
 * prediction resources only; an accepted prediction costs one status comparison here.
 */
public class RejectionLogFilter {
  private final PredictionService predictions;

  public RejectionLogFilter(PredictionService predictions) {
    this.predictions = predictions;
  }

  @ServerResponseFilter
  @RejectionsLogged
  public void logRefused(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status < 400 || status >= 500 || status == 401 || status == 403) {
      return; // a refused token (cd4ml.serving.predictions-role) is no refusal by the model
    }
    String type = ProblemType.forStatus(status).slug();
    Problem problem = response.getEntity() instanceof Problem p ? p : null;
    if (problem != null) {
      type = ProblemType.of(problem.type()).map(ProblemType::slug).orElse(type);
    }
    String refusedBy = response.getHeaderString(PredictionService.MODEL_VERSION_HEADER);
    if (refusedBy != null) {
      predictions.rejected(request.getUriInfo().getPath(), status, type, problem == null ? null : problem.errors(),
          null, null, Integer.valueOf(refusedBy), response.getHeaderString(PredictionService.MODEL_ROLE_HEADER));
    } else {
      predictions.rejected(request.getUriInfo().getPath(), status, type, problem == null ? null : problem.errors(),
          null, null);
    }
  }
}
