package dev.cd4ml.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cd4ml.contracts.problem.ProblemError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
    return Problems.response(400, "malformed-json", "Malformed JSON body", message, uri.getPath(),
        List.of(error), 1, null);
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
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "HTTP " + status : type.getReasonPhrase();
    String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    return Problems.response(status, slug, title, e.getMessage(), uri.getPath(), null, 0, null);
  }

  @ServerExceptionMapper
  public Response argument(IllegalArgumentException e, UriInfo uri) {
    return Problems.response(400, "validation", "Invalid input", e.getMessage(), uri.getPath(), null, 0, null);
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    // The cause goes to the log, never to the client.
    LOG.errorf(e, "unexpected error on %s", uri.getPath());
    return Problems.response(500, "internal", "Internal error",
        "The service failed to handle the request; see its log.", uri.getPath(), null, 0, null);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
