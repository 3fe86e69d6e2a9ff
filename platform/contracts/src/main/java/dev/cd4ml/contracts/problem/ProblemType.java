package dev.cd4ml.contracts.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The problem catalogue: every problem type any service answers, declared once with its type URI,
 * HTTP status and title. Services answer with these entries and clients classify by them, so a
 * slug cannot mean one thing to its provider and another to its consumer.
 *
 * <p>Generic entries (one per status, e.g. {@link #NOT_FOUND}, {@link #METHOD_NOT_ALLOWED}) cover
 * what the HTTP layer refuses by itself; specific entries say more than the status does.
 */
public enum ProblemType {
  // 400
  VALIDATION("validation", 400, "Invalid input"),
  BAD_REQUEST("bad-request", 400, "Bad request"),
  MALFORMED_JSON("malformed-json", 400, "Malformed JSON body"),
  MALFORMED_CSV("malformed-csv", 400, "Malformed CSV"),
  MALFORMED_MULTIPART("malformed-multipart", 400, "Malformed multipart body"),
  UPLOAD_INTERRUPTED("upload-interrupted", 400, "Upload interrupted"),
  // 401, 403, 404
  UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
  FORBIDDEN("forbidden", 403, "Forbidden"),
  NOT_FOUND("not-found", 404, "Not found"),
  // what the HTTP layer refuses before a resource runs
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
  BODY_TIMEOUT("body-timeout", 408, "Request body too slow"),
  CONFLICT("conflict", 409, "Conflict"),
  PROMOTION_REFUSED("promotion-refused", 409, "Promotion refused by policy"),
  NOT_ENOUGH_LABELS("not-enough-labels", 409, "Not enough labelled predictions"),
  HARVEST_IN_PROGRESS("harvest-in-progress", 409, "A harvest of this model is in progress"),
  PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
  TOO_LARGE("too-large", 413, "Content too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  UNSUPPORTED_ENCODING("unsupported-encoding", 415, "Unsupported Content-Encoding"),
  UNPROCESSABLE("unprocessable", 422, "Unprocessable content"),
  SCHEMA_MISMATCH("schema-mismatch", 422, "Content does not fit the dataset"),
  QUEUE_FULL("queue-full", 429, "Too many training runs"),
  TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
  // 5xx
  INTERNAL("internal", 500, "Internal error"),
  NOT_IMPLEMENTED("not-implemented", 501, "Not implemented"),
  ARTIFACT_INTEGRITY("artifact-integrity", 502, "Artifact integrity check failed"),
  BAD_GATEWAY("bad-gateway", 502, "Bad gateway"),
  UNAVAILABLE("unavailable", 503, "Dependency unavailable"),
  /** Serving's feedback buffer is full (the log store unreachable or slower than the feedback): retry later. */
  FEEDBACK_BACKLOG("feedback-backlog", 503, "Feedback cannot be accepted now"),
  UPLOADS_BUSY("uploads-busy", 503, "Too many uploads in progress"),
  GATEWAY_TIMEOUT("gateway-timeout", 504, "Gateway timeout");

  private static final Map<URI, ProblemType> BY_URI =
      Arrays.stream(values()).collect(Collectors.toMap(ProblemType::uri, Function.identity()));

  private final String slug;
  private final int status;
  private final String title;
  private final URI uri;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
    this.uri = URI.create(Problem.TYPE_BASE + slug);
  }

  public String slug() { return slug; }
  public int status() { return status; }
  public String title() { return title; }
  /** The problem's {@code type}: {@link Problem#TYPE_BASE} + slug. */
  public URI uri() { return uri; }

  /** The catalogue entry of a received problem's {@code type}, if it is one of ours. */
  public static Optional<ProblemType> of(URI type) {
    return type == null ? Optional.empty() : Optional.ofNullable(BY_URI.get(type));
  }

  /**
   * The generic entry for a status the HTTP layer answered by itself (an unknown path, a wrong
   * method or media type...). A status without its own entry falls to its class: {@link #BAD_REQUEST}
   * for 4xx, {@link #INTERNAL} for 5xx.
   */
  public static ProblemType forStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 408 -> BODY_TIMEOUT;
      case 409 -> CONFLICT;
      case 412 -> PRECONDITION_FAILED;
      case 413 -> TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> UNPROCESSABLE;
      case 429 -> TOO_MANY_REQUESTS;
      case 501 -> NOT_IMPLEMENTED;
      case 502 -> BAD_GATEWAY;
      case 503 -> UNAVAILABLE;
      case 504 -> GATEWAY_TIMEOUT;
      default -> status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
    };
  }

  /** A problem of this type; errors say what was wrong and where. */
  public Problem problem(String detail, String instance) {
    return new Problem(uri, title, status, detail, instance, null, null);
  }
}
