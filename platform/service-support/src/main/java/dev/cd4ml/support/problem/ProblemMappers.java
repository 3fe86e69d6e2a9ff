package dev.cd4ml.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every exception a resource can throw to problem+json; clients never see a stack trace. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    if (e.status() >= 500) {
      LOG.warnf("%s %s: %s", e.status(), uri.getPath(), e.getMessage());
    }
    return Problems.response(e, uri.getPath());
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e, UriInfo uri) {
    String field = null;
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      field = jme.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
    }
    String message = e.getOriginalMessage() == null ? "malformed JSON" : firstLine(e.getOriginalMessage());
    ProblemError error = e.getLocation() == null ? ProblemError.field(field, message)
        : ProblemError.at(e.getLocation().getLineNr(), e.getLocation().getColumnNr(), field, message);
    return Problems.response(ProblemType.MALFORMED_JSON, message, uri.getPath(), List.of(error), 1, null);
  }

  /**
   * quarkus-rest-jackson maps {@link MismatchedInputException} itself (e.g. an unknown enum value);
   * this more specific mapper keeps those errors problem+json too.
   */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, UriInfo uri) {
    return badJson(e, uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (status < 400) {
      return e.getResponse(); // a redirect or a not-modified is an answer, not a problem
    }
    if (e.getResponse().getEntity() instanceof Problem p) {
      // built by our own code where the request path is not known (e.g. a parameter converter)
      return p.instance() != null ? e.getResponse() : Response.fromResponse(e.getResponse())
          .entity(new Problem(p.type(), p.title(), p.status(), p.detail(), uri.getPath(), p.errors(), p.errorCount()))
          .build();
    }
    // What the HTTP layer refuses by itself (unknown path, wrong method, media type...): its generic entry.
    return Problems.response(ProblemType.forStatus(status), e.getMessage(), uri.getPath(), null, 0, null);
  }

  @ServerExceptionMapper
  public Response argument(IllegalArgumentException e, UriInfo uri) {
    return Problems.response(ProblemType.VALIDATION, e.getMessage(), uri.getPath(), null, 0, null);
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    if (e instanceof java.io.IOException && thrownBy(e, MULTIPART_PARSER)) {
      // The framework's multipart parser met a body that is not multipart (no closing boundary, cut off).
      return Problems.response(ProblemType.MALFORMED_MULTIPART, "the multipart/form-data body cannot be read: "
          + e.getMessage(), uri.getPath(), null, 0, null);
    }
    if (connectionClosed(e)) {
      // The client went away, or the body guard ended a too slow body: nobody reads this answer, nothing failed here.
      LOG.debugf("connection closed under %s: %s", uri.getPath(), e.getMessage());
      return Problems.response(ProblemType.UPLOAD_INTERRUPTED, "the connection closed before the request was read",
          uri.getPath(), null, 0, null);
    }
    SQLException data = dataException(e);
    if (data != null) {
      // A value the database refuses (SQLSTATE class 22: a NUL in text, an unencodable character, a number out
      // of range) came from the request; the transaction rolled back, so nothing was stored.
      LOG.warnf("%s: the database refused a value of the request (SQLSTATE %s): %s", uri.getPath(),
          data.getSQLState(), firstLine(String.valueOf(data.getMessage())));
      return Problems.response(ProblemType.VALIDATION, "A value of the request cannot be stored (SQLSTATE "
          + data.getSQLState() + "); nothing was stored.", uri.getPath(), null, 0, null);
    }
    var outage = DependencyOutage.of(e);
    if (outage.isPresent()) {
      // A dependency's fault, not ours: a short log line, and a 503 the client may retry.
      LOG.warnf("503 %s: %s unavailable: %s", uri.getPath(), outage.get(), rootMessage(e));
      return Problems.response(ProblemException.unavailable(outage.get(),
          "it did not answer in time or refused the connection; retry later."),
          uri.getPath());
    }
    // The cause goes to the log, never to the client.
    LOG.errorf(e, "unexpected error on %s", uri.getPath());
    return Problems.response(ProblemType.INTERNAL, "The service failed to handle the request; see its log.",
        uri.getPath(), null, 0, null);
  }

  private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

  private static boolean thrownBy(Throwable e, String packagePrefix) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith(packagePrefix);
  }

  static boolean connectionClosed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static SQLException dataException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
        return sql;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + firstLine(String.valueOf(t.getMessage()));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
