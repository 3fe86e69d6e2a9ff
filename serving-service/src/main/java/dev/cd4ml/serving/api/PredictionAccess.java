package dev.cd4ml.serving.api;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.support.auth.Callers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may ask for predictions: anyone (the default), or callers whose token holds
 * {@code cd4ml.serving.predictions-role}. Checked in the resources rather than with {@code @RolesAllowed}
 * because it is configuration; open, it costs one null check and never looks at a token (authentication
 * is lazy). Required, the token is verified locally against the realm's cached keys (quarkus-oidc), without
 * blocking the event loop. A token that was verified and allowed is remembered (by its exact header value)
 * until it expires, so a client's next predictions with it cost a map lookup instead of a signature check:
 * verifying an RS256 token on every request cut throughput to a fifth (serving README, Benchmark). Refused
 * tokens are never remembered, and an expired one is verified again (and refused).
 */
@ApplicationScoped
public class PredictionAccess {
  static final String ACTION = "ask for predictions";

  /** Enough for every client of an instance; when full it starts over (each token is then verified once more). */
  static final int MAX_REMEMBERED = 10_000;

  private final String role;
  private final CurrentIdentityAssociation identities;
  /** Authorization header value -> its token's expiry (epoch seconds); only allowed tokens. */
  private final ConcurrentHashMap<String, Long> allowed = new ConcurrentHashMap<>();

  public PredictionAccess(ServingConfig config, CurrentIdentityAssociation identities) {
    this.role = config.predictionsRole().map(String::trim).filter(r -> !r.isEmpty()).orElse(null);
    this.identities = identities;
  }

  public boolean open() {
    return role == null;
  }

  /** Completes when the caller may predict; fails with 401 (no or a refused token) or 403 (without the role). */
  public Uni<Void> check(String authorization) {
    if (authorization != null) {
      Long expires = allowed.get(authorization);
      if (expires != null && Instant.now().getEpochSecond() < expires) {
        return Uni.createFrom().voidItem();
      }
    }
    return identities.getDeferredIdentity().invoke(identity -> {
      Callers.require(identity, ACTION, role);
      if (authorization != null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
        if (allowed.size() >= MAX_REMEMBERED) {
          allowed.clear();
        }
        allowed.put(authorization, jwt.getExpirationTime());
      }
    }).replaceWithVoid();
  }

  /** {@link #check} on a worker thread. */
  public void checkBlocking() {
    if (role != null) {
      Callers.require(identities.getIdentity(), ACTION, role);
    }
  }
}
