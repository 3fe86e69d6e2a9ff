package dev.cd4ml.support.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The one classifier of answers from another service, used by every client bean: reads the
 * problem+json body when there is one and classifies by its catalogue type first, by the status
 * second. So a 429 {@code queue-full} is "try later" although it is a 4xx, and a 502
 * {@code artifact-integrity} is a refusal (the stored artifact is bad; retrying fetches the same
 * bytes) although it is a 5xx.
 */
public final class RemoteProblems {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int MAX_DETAIL = 500;

  private RemoteProblems() {}

  /**
   * The answer of a REST client call whatever its status (the client turns 4xx/5xx into exceptions;
   * this reads them as answers to classify); no answer at all (unreachable, timed out) is thrown
   * as {@link RemoteUnavailable}.
   */
  public static Response answer(String service, java.util.function.Supplier<Response> call) {
    try {
      return call.get();
    } catch (WebApplicationException e) {
      return e.getResponse();
    } catch (RuntimeException e) {
      throw classify(service, e);
    }
  }

  /** The outcome a caller acts on for a failed REST client call (an HTTP error or no answer at all). */
  public static RemoteFailure classify(String service, Throwable e) {
    if (e instanceof RemoteFailure f) {
      return f;
    }
    if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
      return classify(service, null, wae.getResponse(), wae);
    }
    // Connection refused, reset, timeout, DNS: nothing was answered.
    String why = e instanceof ProcessingException || e.getCause() != null ? rootMessage(e) : String.valueOf(e);
    return new RemoteUnavailable(service, 0, null, service + " unreachable: " + why, e);
  }

  /** The outcome for an answer that is not a success; reads (and buffers) its body. */
  public static RemoteFailure classify(String service, Response response) {
    return classify(service, null, response);
  }

  /** As {@link #classify(String, Response)}; {@code what} (e.g. "credit v3") goes into the message. */
  public static RemoteFailure classify(String service, String what, Response response) {
    return classify(service, what, response, null);
  }

  private static RemoteFailure classify(String service, String what, Response response, Throwable cause) {
    MediaType type = response.getMediaType();
    return classify(service, what, response.getStatus(), type == null ? null : type.toString(), body(response), cause);
  }

  /** The outcome for an answer with this status, {@code Content-Type} and body (either may be null). */
  public static RemoteFailure classify(String service, String what, int status, String contentType, String body,
      Throwable cause) {
    String text = body == null ? "" : body;
    Problem problem = problem(contentType, text).orElse(null);
    String detail = problem != null && problem.detail() != null ? problem.detail() : squeeze(text);
    String message = service + " answered " + status
        + (problem != null && problem.title() != null ? " " + problem.title() : "")
        + (what == null ? "" : " for " + what)
        + (detail.isEmpty() ? "" : ": " + detail);
    Optional<ProblemType> type = problem == null ? Optional.empty() : ProblemType.of(problem.type());
    return switch (outcome(type.orElse(null), status)) {
      case NOT_FOUND -> new RemoteNotFound(service, status, problem, message);
      case REJECTED -> new RemoteRejected(service, status, problem, message);
      case UNAVAILABLE -> new RemoteUnavailable(service, status, problem, message, cause);
    };
  }

  /** What an answer means to the caller. */
  public enum Outcome { REJECTED, NOT_FOUND, UNAVAILABLE }

  /** Type first (when it is a catalogue entry), status second. */
  public static Outcome outcome(ProblemType type, int status) {
    if (type != null) {
      switch (type) {
        case NOT_FOUND:
          return Outcome.NOT_FOUND;
        case UNAVAILABLE, QUEUE_FULL, TOO_MANY_REQUESTS, GATEWAY_TIMEOUT, BAD_GATEWAY, INTERNAL:
          return Outcome.UNAVAILABLE;
        case ARTIFACT_INTEGRITY, NOT_IMPLEMENTED:
          return Outcome.REJECTED;
        default:
          return type.status() < 500 ? Outcome.REJECTED : Outcome.UNAVAILABLE;
      }
    }
    if (status == 404 || status == 410) {
      return Outcome.NOT_FOUND;
    }
    if (status == 408 || status == 425 || status == 429) {
      return Outcome.UNAVAILABLE;
    }
    return status >= 400 && status < 500 ? Outcome.REJECTED : Outcome.UNAVAILABLE;
  }

  private static Optional<Problem> problem(String contentType, String body) {
    String type = contentType == null ? "" : contentType.toLowerCase();
    boolean json = type.startsWith(Problem.MEDIA_TYPE) || type.startsWith(MediaType.APPLICATION_JSON);
    if (!json || body.isEmpty()) {
      return Optional.empty();
    }
    try {
      Problem p = JSON.readValue(body, Problem.class);
      return p.type() == null && p.title() == null ? Optional.empty() : Optional.of(p);
    } catch (Exception notAProblem) {
      return Optional.empty();
    }
  }

  private static String body(Response r) {
    try {
      if (!r.hasEntity()) {
        return "";
      }
      r.bufferEntity();
      String s = r.readEntity(String.class);
      return s == null ? "" : s;
    } catch (RuntimeException unreadable) {
      return "";
    }
  }

  private static String squeeze(String body) {
    String s = body.replaceAll("\\s+", " ").trim();
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
  }

  /** The innermost cause, as {@code Class: message}. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
