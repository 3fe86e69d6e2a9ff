package dev.cd4ml.support.auth;

import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who calls, from a verified token: the actor every service records. */
public final class Callers {
  private static final String SERVICE_ACCOUNT = "service-account-";

  private Callers() {}

  /**
   * A person's user name, or for a service calling as itself (client credentials) its client id;
   * never something the caller declares.
   */
  public static String actor(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      throw new ProblemException(ProblemType.UNAUTHORIZED, "This operation needs a bearer token.", null, 0, AuthProblems.CHALLENGE);
    }
    String client = serviceClient(identity);
    return client != null ? client : identity.getPrincipal().getName();
  }

  /** The client id when the token is a client's own (client credentials), else null. */
  public static String serviceClient(SecurityIdentity identity) {
    if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return null;
    }
    String user = jwt.getClaim("preferred_username");
    Object azp = jwt.getClaim("azp");
    if (user != null && azp != null && user.equals(SERVICE_ACCOUNT + azp)) {
      return azp.toString();
    }
    return null;
  }

  /** True when the token is this client's own (e.g. only training-service may register metrics). */
  public static boolean isClient(SecurityIdentity identity, String clientId) {
    return clientId.equals(serviceClient(identity));
  }

  /** @throws ProblemException 403 naming what the caller has and what the action needs */
  public static void require(SecurityIdentity identity, String action, String... anyOfRoles) {
    String actor = actor(identity);
    for (String role : anyOfRoles) {
      if (identity.hasRole(role)) {
        return;
      }
    }
    Set<String> roles = new TreeSet<>(identity.getRoles());
    throw new ProblemException(ProblemType.FORBIDDEN, "'" + actor + "' (roles " + roles + ") may not " + action
        + "; that needs the role " + String.join(" or ", new TreeSet<>(Arrays.asList(anyOfRoles))) + ".");
  }
}
