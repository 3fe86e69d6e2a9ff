package dev.cd4ml.pacts;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import java.util.Map;
import java.util.regex.Pattern;
import kotlin.Pair;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * Replays a pact's request against a provider; a request the consumer sent with its bearer token (a
 * service calling as itself) is sent with a real token of that consumer's client from the test Keycloak:
 * the pact records that a token goes along, the token itself is the consumer's of the day.
 */
class AuthenticatedTarget extends HttpTestTarget {
  /** The person's decisions the pipeline CLI sends with the release manager's token (Endpoints.tokenForStage). */
  private static final Pattern PERSONS_STAGE = Pattern.compile("\"stage\"\\s*:\\s*\"(canary|production|archived)\"");

  AuthenticatedTarget(int port) {
    super("127.0.0.1", port);
  }

  @Override
  public Pair<Object, Object> prepareRequest(Pact pact, Interaction interaction, Map<String, Object> context) {
    Pair<Object, Object> prepared = super.prepareRequest(pact, interaction, context);
    if (prepared != null && prepared.getFirst() instanceof ClassicHttpRequest request
        && request.containsHeader("Authorization")) {
      request.setHeader("Authorization", Tokens.bearer(token(pact.getConsumer().getName(), interaction)));
    }
    return prepared;
  }

  /**
   * The services are the realm's clients by the same name (training-service, monitoring-service); the
   * pipeline CLI is client cd4ml-pipeline, except for a stage change only a person may make.
   */
  static String token(String consumer, Interaction interaction) {
    if (!consumer.equals("pipeline-cli")) {
      return Tokens.forClient(consumer);
    }
    String body = interaction.asSynchronousRequestResponse() == null ? ""
        : interaction.asSynchronousRequestResponse().getRequest().getBody().valueAsString();
    return PERSONS_STAGE.matcher(body).find() ? Tokens.forRole(Roles.RELEASE_MANAGER) : Tokens.forClient(Roles.Clients.PIPELINE);
  }
}
