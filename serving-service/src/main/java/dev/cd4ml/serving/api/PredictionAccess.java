package dev.cd4ml.serving.api;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.support.auth.Callers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may ask for predictions: anyone (the default), or callers whose token holds
 * {@code cd4ml.serving.predictions-role}. Checked in the resources rather than with {@code @RolesAllowed}
 * because it is configuration; open, it costs one field read and never looks at a token (authentication
 * is lazy). Required, the token is verified locally against the realm's cached keys (quarkus-oidc), without
 * blocking the event loop. A token that was verified and allowed is remembered (by its exact header value)
 * until it expires, so a client's next predictions with it cost a map lookup and no Uni instead of a
 * signature check: verifying an RS256 token on every request cut throughput to a fifth (serving README,
 * Benchmark). Refused tokens are never remembered, and an expired one is verified again (and refused).
 * The header is read from the Vert.x request (JAX-RS {@code HttpHeaders} copies every header per request), and
 * only when a role is required.
 */
@ApplicationScoped
public class PredictionAccess {
  static final String ACTION = "ask for predictions";

  /** Enough for every client of an instance; when full it starts over (each token is then verified once more). */
  static final int MAX_REMEMBERED = 10_000;
  private static final String AUTHORIZATION = "Authorization";

  private final CurrentIdentityAssociation identities;
  /** Null: open. Volatile only for the benchmark's switch ({@link #requireRole}); configuration sets it once. */
  private volatile String role;
  /** Authorization header value -> its token's expiry (epoch seconds); only allowed tokens of the current role. */
  private final ConcurrentHashMap<Header, Long> allowed = new ConcurrentHashMap<>();

  public PredictionAccess(ServingConfig config, CurrentIdentityAssociation identities) {
    this.role = normalized(config.predictionsRole());
    this.identities = identities;
  }

  public boolean open() {
    return role == null;
  }

  /** The role predictions require, empty when they are open. */
  public Optional<String> role() {
    return Optional.ofNullable(role);
  }

  /**
   * True when the request may be answered at once: predictions are open, or its token was verified and allowed
   * before and has not expired. Otherwise {@link #check} decides.
   */
  public boolean allowsAtOnce(HttpServerRequest request) {
    return role == null || remembered(request.getHeader(AUTHORIZATION));
  }

  /** The request's {@code Authorization} header, or null. */
  public static String authorization(HttpServerRequest request) {
    return request.getHeader(AUTHORIZATION);
  }

  /** Completes when the caller may predict; fails with 401 (no or a refused token) or 403 (without the role). */
  public Uni<Void> check(String authorization) {
    String required = role;
    if (required == null || remembered(authorization)) {
      return Uni.createFrom().voidItem();
    }
    return identities.getDeferredIdentity().invoke(identity -> {
      Callers.require(identity, ACTION, required);
      if (authorization != null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
        if (allowed.size() >= MAX_REMEMBERED) {
          allowed.clear();
        }
        allowed.put(new Header(authorization), jwt.getExpirationTime());
      }
    }).replaceWithVoid();
  }

  /** {@link #check} on a worker thread. */
  public void checkBlocking() {
    String required = role;
    if (required != null) {
      Callers.require(identities.getIdentity(), ACTION, required);
    }
  }

  /**
   * The benchmark's switch (only through {@code PUT /bench/predictions-role}, which exists only with
   * {@code cd4ml.serving.bench-endpoint}): the role required from now on, empty for open. Tokens remembered for
   * another role are forgotten.
   */
  void requireRole(Optional<String> newRole) {
    allowed.clear();
    role = normalized(newRole);
  }

  private boolean remembered(String authorization) {
    if (authorization == null) {
      return false;
    }
    Long expires = allowed.get(new Header(authorization));
    return expires != null && System.currentTimeMillis() / 1000 < expires;
  }

  /**
   * A remembered header as map key: hashed over its last 32 characters only (a JWT ends in its signature, which
   * differs between any two tokens), compared whole. String's own hash walks all ~1,200 characters on every request
   * (a new String each time, so nothing is cached), a measurable part of the request. Only verified tokens are ever
   * stored, so nobody can fill a bucket with made-up collisions.
   */
  private record Header(String value) {
    @Override
    public int hashCode() {
      int h = 0;
      for (int i = Math.max(0, value.length() - 32); i < value.length(); i++) {
        h = 31 * h + value.charAt(i);
      }
      return h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header other && other.value.equals(value);
    }
  }

  private static String normalized(Optional<String> role) {
    return role.map(String::trim).filter(r -> !r.isEmpty()).orElse(null);
  }
}
