package dev.cd4ml.serving.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    access.check(HEADER).await().indefinitely();
    access.check(HEADER).await().indefinitely();
    access.check(HEADER).await().indefinitely();
    assertEquals(1, verifications.get(), "one signature check for three predictions with the same token");
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
    open.checkBlocking();
    assertEquals(0, verifications.get());
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
