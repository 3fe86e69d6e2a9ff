package dev.cd4ml.support.problem;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere in a service to answer with {@code application/problem+json}. The slug becomes
 * the problem {@code type} URI; errors say what was wrong and where.
 */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<ProblemError> errors;
  private final int errorCount;
  private final Map<String, String> headers;

  public ProblemException(int status, String slug, String title, String detail,
      List<ProblemError> errors, int errorCount, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.errorCount = Math.max(errorCount, this.errors.size());
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public ProblemException(int status, String slug, String title, String detail, List<ProblemError> errors) {
    this(status, slug, title, detail, errors, errors == null ? 0 : errors.size(), null);
  }

  public ProblemException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  public static ProblemException badRequest(String detail, List<ProblemError> errors) {
    return new ProblemException(400, "validation", "Invalid input", detail, errors);
  }

  public static ProblemException badRequest(String field, String message) {
    return badRequest(message, List.of(ProblemError.field(field, message)));
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", "Not found", what);
  }

  public static ProblemException conflict(String detail, List<ProblemError> errors) {
    return new ProblemException(409, "conflict", "Conflict", detail, errors);
  }

  public static ProblemException unprocessable(String detail, List<ProblemError> errors) {
    return new ProblemException(422, "unprocessable", "Unprocessable content", detail, errors);
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(503, "unavailable", "Dependency unavailable", detail, null, 0,
        Map.of("Retry-After", "5"));
  }

  public int status() { return status; }
  public String slug() { return slug; }
  public String title() { return title; }
  public List<ProblemError> errors() { return errors; }
  public int errorCount() { return errorCount; }
  public Map<String, String> headers() { return headers; }
}
