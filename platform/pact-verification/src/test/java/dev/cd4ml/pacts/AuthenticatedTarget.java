package dev.cd4ml.pacts;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import dev.cd4ml.fixtures.auth.Tokens;
import java.util.Map;
import kotlin.Pair;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * Replays a pact's request against a provider; a request the consumer sent with its bearer token (a
 * service calling as itself) is sent with a real token of that consumer's client from the test Keycloak:
 * the pact records that a token goes along, the token itself is the consumer's of the day.
 */
class AuthenticatedTarget extends HttpTestTarget {
  AuthenticatedTarget(int port) {
    super("127.0.0.1", port);
  }

  @Override
  public Pair<Object, Object> prepareRequest(Pact pact, Interaction interaction, Map<String, Object> context) {
    Pair<Object, Object> prepared = super.prepareRequest(pact, interaction, context);
    if (prepared != null && prepared.getFirst() instanceof ClassicHttpRequest request
        && request.containsHeader("Authorization")) {
      // The consumers are the realm's service clients, by the same name (training-service, monitoring-service).
      request.setHeader("Authorization", Tokens.bearer(Tokens.forClient(pact.getConsumer().getName())));
    }
    return prepared;
  }
}
