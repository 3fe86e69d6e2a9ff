package dev.cd4ml.support.problem;

import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds problem+json responses; the only place that does, so every service answers alike. */
public final class Problems {
  private Problems() {}

  /** The body of a problem of a catalogue type; at most {@link Problem#MAX_ERRORS} errors listed. */
  public static Problem body(ProblemType type, String detail, String instance, List<ProblemError> errors,
      int errorCount) {
    List<ProblemError> listed = errors == null || errors.isEmpty() ? null
        : errors.subList(0, Math.min(errors.size(), Problem.MAX_ERRORS));
    Integer count = listed == null ? null : Math.max(errorCount, errors.size());
    return new Problem(type.uri(), type.title(), type.status(), detail, instance, listed, count);
  }

  public static Response response(ProblemType type, String detail, String instance,
      List<ProblemError> errors, int errorCount, Map<String, String> headers) {
    Response.ResponseBuilder rb = Response.status(type.status()).type(Problem.MEDIA_TYPE)
        .entity(body(type, detail, instance, errors, errorCount));
    if (headers != null) {
      headers.forEach(rb::header);
    }
    return rb.build();
  }

  public static Response response(ProblemException e, String instance) {
    return response(e.type(), e.getMessage(), instance, e.errors(), e.errorCount(), e.headers());
  }
}
