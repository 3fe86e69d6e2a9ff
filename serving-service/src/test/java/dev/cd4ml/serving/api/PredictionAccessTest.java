package dev.cd4ml.serving.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * What {@link PredictionAccess} remembers of a verified token: an allowed one until it expires, a refused one
 * never. The identity association stands in for quarkus-oidc's verification; it counts how often it is asked.
 */
class PredictionAccessTest {
  private static final String HEADER = "Bearer a.b.c";

  private final AtomicInteger verifications = new AtomicInteger();
  private SecurityIdentity next;

  private final CurrentIdentityAssociation identities = new CurrentIdentityAssociation() {
    @Override
    public void setIdentity(SecurityIdentity identity) {}

    @Override
    public void setIdentity(Uni<SecurityIdentity> identity) {}

    @Override
    public Uni<SecurityIdentity> getDeferredIdentity() {
      verifications.incrementAndGet();
      return Uni.createFrom().item(next);
    }

    @Override
    public SecurityIdentity getIdentity() {
      verifications.incrementAndGet();
      return next;
    }
  };

  private final PredictionAccess access = new PredictionAccess(config(Roles.FEEDBACK_WRITER), identities);

  @Test
  void anAllowedTokenIsVerifiedOnceUntilItExpires() {
    next = identity(Instant.now().plusSeconds(300), Roles.FEEDBACK_WRITER);
    assertFalse(access.allowsAtOnce(headers(HEADER)), "not verified yet");
    access.check(HEADER).await().indefinitely();
    access.check(HEADER).await().indefinitely();
    access.check(HEADER).await().indefinitely();
    assertEquals(1, verifications.get(), "one signature check for three predictions with the same token");
    assertTrue(access.allowsAtOnce(headers(HEADER)), "answered at once, without a Uni");
    assertFalse(access.allowsAtOnce(headers("Bearer a.b.d")), "only that exact token");
    assertFalse(access.allowsAtOnce(headers(null)));
  }

  @Test
  void aRememberedTokenMatchesOnlyWholeNotByItsSignatureAlone() {
    String signature = "s".repeat(342);
    String token = "Bearer " + "h".repeat(40) + "." + "p".repeat(800) + "." + signature;
    next = identity(Instant.now().plusSeconds(300), Roles.FEEDBACK_WRITER);
    access.check(token).await().indefinitely();
    assertTrue(access.allowsAtOnce(headers(token)));
    assertTrue(access.allowsAtOnce(headers(new String(token.toCharArray()))), "equal value, another String");
    String otherClaims = "Bearer " + "h".repeat(40) + "." + "q".repeat(800) + "." + signature;
    assertFalse(access.allowsAtOnce(headers(otherClaims)), "same signature, other claims: verified, not remembered");
  }

  @Test
  void anExpiredRememberedTokenIsVerifiedAgainAndRefused() {
    next = identity(Instant.now().minusSeconds(1), Roles.FEEDBACK_WRITER);
    access.check(HEADER).await().indefinitely(); // allowed by the (stand-in) verification, remembered as expired
    next = QuarkusSecurityIdentity.builder().setAnonymous(true).build(); // what quarkus-oidc makes of it now
    ProblemException refused = assertThrows(ProblemException.class, () -> access.check(HEADER).await().indefinitely());
    assertEquals(ProblemType.UNAUTHORIZED, refused.type());
    assertEquals(2, verifications.get());
  }

  @Test
  void aRefusedTokenIsNeverRemembered() {
    next = identity(Instant.now().plusSeconds(300), Roles.PIPELINE);
    for (int i = 0; i < 2; i++) {
      ProblemException refused = assertThrows(ProblemException.class, () -> access.check(HEADER).await().indefinitely());
      assertEquals(ProblemType.FORBIDDEN, refused.type());
    }
    assertEquals(2, verifications.get());
    next = identity(Instant.now().plusSeconds(300), Roles.FEEDBACK_WRITER);
    access.check(HEADER).await().indefinitely();
    assertEquals(3, verifications.get());
  }

  @Test
  void openPredictionsNeverLookAtAToken() {
    PredictionAccess open = new PredictionAccess(config(null), identities);
    assertTrue(open.open());
    io.vertx.core.http.HttpServerRequest untouchable = (io.vertx.core.http.HttpServerRequest) Proxy.newProxyInstance(
        PredictionAccessTest.class.getClassLoader(), new Class<?>[] {io.vertx.core.http.HttpServerRequest.class},
        (proxy, method, args) -> {
          throw new AssertionError("open predictions read a header: " + method.getName());
        });
    assertTrue(open.allowsAtOnce(untouchable));
    open.checkBlocking();
    assertEquals(0, verifications.get());
  }

  @Test
  void switchingTheRoleForgetsTokensAllowedForTheOldOne() {
    next = identity(Instant.now().plusSeconds(300), Roles.FEEDBACK_WRITER);
    access.check(HEADER).await().indefinitely();
    access.requireRole(Optional.of(Roles.MONITORING));
    ProblemException refused = assertThrows(ProblemException.class, () -> access.check(HEADER).await().indefinitely());
    assertEquals(ProblemType.FORBIDDEN, refused.type());
    access.requireRole(Optional.of(" "));
    assertTrue(access.open(), "a blank role opens predictions");
    access.check(HEADER).await().indefinitely();
    assertEquals(2, verifications.get(), "open, nothing is verified");
  }

  private static SecurityIdentity identity(Instant expires, String role) {
    JsonWebToken jwt = (JsonWebToken) Proxy.newProxyInstance(JsonWebToken.class.getClassLoader(),
        new Class<?>[] {JsonWebToken.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> "demo-user";
          case "getExpirationTime" -> expires.getEpochSecond();
          case "getClaim" -> null;
          case "getClaimNames" -> Set.of();
          case "hashCode" -> 1;
          case "equals" -> proxy == args[0];
          case "toString" -> "jwt";
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole(role).build();
  }

  private static io.vertx.core.http.HttpServerRequest headers(String authorization) {
    return (io.vertx.core.http.HttpServerRequest) Proxy.newProxyInstance(PredictionAccessTest.class.getClassLoader(),
        new Class<?>[] {io.vertx.core.http.HttpServerRequest.class}, (proxy, method, args) -> {
          if (method.getName().equals("getHeader") && "Authorization".equals(String.valueOf(args[0]))) {
            return authorization;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static ServingConfig config(String role) {
    return (ServingConfig) Proxy.newProxyInstance(ServingConfig.class.getClassLoader(), new Class<?>[] {ServingConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("predictionsRole")) {
            return Optional.ofNullable(role);
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
