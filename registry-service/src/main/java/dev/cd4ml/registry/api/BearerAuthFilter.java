package dev.cd4ml.registry.api;

import dev.cd4ml.registry.domain.Caller;
import dev.cd4ml.registry.service.Authenticator;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.support.problem.Problems;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Authenticates {@link BearerAuth} operations: 401 problem+json before anything else happens. */
@Provider
@BearerAuth
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
  static final String CALLER = "cd4ml.caller";

  private final Authenticator authenticator;

  public BearerAuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      Caller caller = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
      request.setProperty(CALLER, caller);
    } catch (ProblemException e) {
      request.abortWith(Problems.response(e, request.getUriInfo().getPath()));
    }
  }

  static Caller caller(ContainerRequestContext request) {
    Object caller = request.getProperty(CALLER);
    if (!(caller instanceof Caller c)) {
      throw new IllegalStateException("operation is not marked @BearerAuth");
    }
    return c;
  }
}
