package dev.cd4ml.support.problem;

import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds problem+json responses; the only place that does, so every service answers alike. */
public final class Problems {
  private Problems() {}

  public static Response response(int status, String slug, String title, String detail, String instance,
      List<ProblemError> errors, int errorCount, Map<String, String> headers) {
    List<ProblemError> listed = errors == null || errors.isEmpty() ? null
        : errors.subList(0, Math.min(errors.size(), Problem.MAX_ERRORS));
    Integer count = listed == null ? null : Math.max(errorCount, errors.size());
    Problem body = new Problem(Problem.type(slug), title, status, detail, instance, listed, count);
    Response.ResponseBuilder rb = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    if (headers != null) {
      headers.forEach(rb::header);
    }
    return rb.build();
  }

  public static Response response(ProblemException e, String instance) {
    return response(e.status(), e.slug(), e.title(), e.getMessage(), instance, e.errors(), e.errorCount(), e.headers());
  }
}
