package dev.cd4ml.support.auth;

import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.Problems;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem+json, like every other error. Authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}, set for every service by this jar), so a missing or
 * refused token surfaces here, when a secured operation asks who calls, and never on an open one.
 */
public class AuthProblems {
  /** RFC 6750: a refused bearer token is answered with a challenge. */
  static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"cd4ml\"");

  @ServerExceptionMapper
  public Response refused(AuthenticationFailedException e, UriInfo uri) {
    // Never why (expired, signature, issuer): that helps an attacker more than a client.
    return Problems.response(ProblemType.UNAUTHORIZED,
        "The bearer token was refused: it must be a valid, unexpired token of the platform's realm for audience cd4ml.",
        "/" + uri.getPath().replaceFirst("^/", ""), null, 0, CHALLENGE);
  }

  @ServerExceptionMapper
  public Response missing(UnauthorizedException e, UriInfo uri) {
    return Problems.response(ProblemType.UNAUTHORIZED,
        "This operation needs an 'Authorization: Bearer <token>' header with a token of the platform's realm.",
        "/" + uri.getPath().replaceFirst("^/", ""), null, 0, CHALLENGE);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return Problems.response(ProblemType.FORBIDDEN,
        e.getMessage() != null && e.getMessage().startsWith("'") ? e.getMessage()
            : "The token's roles do not allow this operation.",
        "/" + uri.getPath().replaceFirst("^/", ""), null, 0, null);
  }
}
