package dev.cd4ml.serving.api;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.support.auth.Callers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may ask for predictions: anyone (the default), or callers whose token holds
 * {@code cd4ml.serving.predictions-role}. Checked in the resources rather than with {@code @RolesAllowed}
 * because it is configuration; open, it costs one null check and never looks at a token (authentication
 * is lazy). Required, the token is verified locally against the realm's cached keys (quarkus-oidc), without
 * blocking the event loop.
 */
@ApplicationScoped
public class PredictionAccess {
  static final String ACTION = "ask for predictions";

  private final String role;
  private final CurrentIdentityAssociation identities;

  public PredictionAccess(ServingConfig config, CurrentIdentityAssociation identities) {
    this.role = config.predictionsRole().map(String::trim).filter(r -> !r.isEmpty()).orElse(null);
    this.identities = identities;
  }

  public boolean open() {
    return role == null;
  }

  /** Completes when the caller may predict; fails with 401 (no or a refused token) or 403 (without the role). */
  public Uni<Void> check() {
    return identities.getDeferredIdentity().invoke(identity -> Callers.require(identity, ACTION, role)).replaceWithVoid();
  }

  /** {@link #check} on a worker thread. */
  public void checkBlocking() {
    if (role != null) {
      Callers.require(identities.getIdentity(), ACTION, role);
    }
  }
}
