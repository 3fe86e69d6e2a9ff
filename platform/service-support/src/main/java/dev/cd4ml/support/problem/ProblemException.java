package dev.cd4ml.support.problem;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere in a service to answer with {@code application/problem+json}. Its type is an
 * entry of the one catalogue ({@link ProblemType}), which fixes the type URI, status and title;
 * errors say what was wrong and where.
 */
public class ProblemException extends RuntimeException {
  private final ProblemType type;
  private final List<ProblemError> errors;
  private final int errorCount;
  private final Map<String, String> headers;

  public ProblemException(ProblemType type, String detail, List<ProblemError> errors, int errorCount,
      Map<String, String> headers) {
    super(detail);
    this.type = type;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.errorCount = Math.max(errorCount, this.errors.size());
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public ProblemException(ProblemType type, String detail, List<ProblemError> errors) {
    this(type, detail, errors, errors == null ? 0 : errors.size(), null);
  }

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public static ProblemException badRequest(String detail, List<ProblemError> errors) {
    return new ProblemException(ProblemType.VALIDATION, detail, errors);
  }

  public static ProblemException badRequest(String field, String message) {
    return badRequest(message, List.of(ProblemError.field(field, message)));
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemType.NOT_FOUND, what);
  }

  public static ProblemException conflict(String detail, List<ProblemError> errors) {
    return new ProblemException(ProblemType.CONFLICT, detail, errors);
  }

  public static ProblemException unprocessable(String detail, List<ProblemError> errors) {
    return new ProblemException(ProblemType.UNPROCESSABLE, detail, errors);
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(ProblemType.UNAVAILABLE, detail, null, 0, Map.of("Retry-After", RETRY_AFTER));
  }

  /** Seconds a client is told to wait ({@code Retry-After}) when a dependency is away. */
  public static final String RETRY_AFTER = "5";

  /**
   * A dependency ({@code postgresql}, {@code s3}, a service's name) cannot serve now: 503 with
   * {@code Retry-After}, the dependency named in the detail and as the error's field {@code dependency}.
   */
  public static ProblemException unavailable(String dependency, String detail) {
    return new ProblemException(ProblemType.UNAVAILABLE, dependency + " is unavailable: " + detail,
        List.of(ProblemError.field("dependency", dependency)), 1, Map.of("Retry-After", RETRY_AFTER));
  }

  public ProblemType type() { return type; }
  public int status() { return type.status(); }
  public String slug() { return type.slug(); }
  public String title() { return type.title(); }
  public List<ProblemError> errors() { return errors; }
  public int errorCount() { return errorCount; }
  public Map<String, String> headers() { return headers; }
}
