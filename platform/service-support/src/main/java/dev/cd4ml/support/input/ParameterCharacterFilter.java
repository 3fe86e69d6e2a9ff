package dev.cd4ml.support.input;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses path and query parameters holding control or bidi characters ({@link Characters}) with a
 * 400 naming each parameter, before any resource runs: the one place that sees every parameter of
 * every operation, so no service passes a NUL on to PostgreSQL (which answers it with an error).
 * Runs after matching, so path parameters are known by name; decoded values are checked.
 */
public class ParameterCharacterFilter {

  @ServerRequestFilter
  public Response check(ContainerRequestContext request, HttpServerRequest http) {
    if (plain(http.uri())) {
      return null; // nothing percent-encoded, nothing outside printable ASCII: no parameter can hold a refused character
    }
    List<ProblemError> errors = new ArrayList<>();
    collect("path parameter", request.getUriInfo().getPathParameters(true), errors);
    collect("query parameter", request.getUriInfo().getQueryParameters(true), errors);
    if (errors.isEmpty()) {
      return null;
    }
    return Problems.response(ProblemType.VALIDATION, errors.size() == 1 ? errors.get(0).message()
        : errors.size() + " parameters hold characters no value may contain", request.getUriInfo().getPath(),
        errors, errors.size(), null);
  }

  private static void collect(String kind, MultivaluedMap<String, String> params, List<ProblemError> errors) {
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      int at = Characters.firstRefused(p.getKey());
      if (at >= 0) {
        errors.add(ProblemError.field(printable(p.getKey()), kind + " name holds the control character "
            + Characters.codePoint(p.getKey().charAt(at)) + " at position " + (at + 1)));
        continue;
      }
      for (String value : p.getValue()) {
        at = value == null ? -1 : Characters.firstRefused(value);
        if (at >= 0) {
          errors.add(ProblemError.field(p.getKey(), kind + " '" + p.getKey() + "' holds the character "
              + Characters.codePoint(value.charAt(at)) + " at position " + (at + 1)
              + " (control and bidi characters are not allowed)"));
          break;
        }
      }
    }
  }

  private static boolean plain(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' || c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Characters.refused(c) ? Characters.codePoint(c) : String.valueOf(c));
    }
    return b.toString();
  }
}
