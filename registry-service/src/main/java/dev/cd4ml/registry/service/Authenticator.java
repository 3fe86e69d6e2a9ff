package dev.cd4ml.registry.service;

import dev.cd4ml.registry.config.AuthConfig;
import dev.cd4ml.registry.domain.Caller;
import dev.cd4ml.registry.domain.Role;
import dev.cd4ml.registry.domain.TokenTable;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Bearer-token authentication against {@code cd4ml.auth.tokens}. Parsed at start so a malformed
 * token list stops the service instead of failing the first promotion.
 */
@Startup
@ApplicationScoped
public class Authenticator {
  private static final Logger LOG = Logger.getLogger(Authenticator.class);
  static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"cd4ml-registry\"");

  private final TokenTable tokens;

  public Authenticator(AuthConfig config) {
    this.tokens = TokenTable.parse(config.tokens().orElse(""));
    if (tokens.size() == 0) {
      LOG.warn("cd4ml.auth.tokens is empty: no one can change stages or record checks");
    } else {
      LOG.infof("%d bearer token(s) configured", tokens.size());
    }
  }

  /** @throws ProblemException 401 when the header is missing, not a bearer token, or the token is unknown */
  public Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthorized("This operation needs an 'Authorization: Bearer <token>' header.");
    }
    String value = authorization.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("The Authorization header must be 'Bearer <token>'.");
    }
    return tokens.lookup(value.substring(7).trim())
        .orElseThrow(() -> unauthorized("The bearer token is not known to this registry."));
  }

  /** @throws ProblemException 403 naming the roles that would have been needed */
  public void require(Caller caller, Set<Role> anyOf, String action) {
    if (!caller.hasAny(anyOf)) {
      throw new ProblemException(ProblemType.FORBIDDEN,
          "'" + caller.actor() + "' (roles " + new TreeSet<>(caller.roles()) + ") may not " + action
              + "; that needs the role " + String.join(" or ", anyOf.stream().map(Role::name).sorted().toList()) + ".");
    }
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(ProblemType.UNAUTHORIZED, detail, null, 0, CHALLENGE);
  }
}
