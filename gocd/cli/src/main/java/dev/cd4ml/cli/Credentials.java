package dev.cd4ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The pipeline's own identity: an OIDC client-credentials token of the realm's client (default
 * {@code cd4ml-pipeline}, which holds role pipeline: staging and checks, never production), fetched
 * from {@code CD4ML_OIDC_TOKEN_URL} with {@code CD4ML_OIDC_CLIENT_ID} / {@code CD4ML_OIDC_CLIENT_SECRET}
 * (in GoCD a secure variable), kept until a little before it expires.
 */
public final class Credentials {
  private final URI tokenUrl;
  private final String clientId;
  /** The token request's form (grant and credential); never printed. */
  private final String grant;
  private final HttpClient http;
  private String token;
  private Instant renewAt = Instant.MIN;

  public Credentials(URI tokenUrl, String clientId, String secret, HttpClient http) {
    this(tokenUrl, clientId, http, "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
        + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  private Credentials(URI tokenUrl, String clientId, HttpClient http, String grant) {
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.grant = grant;
    this.http = http;
  }

  /**
   * A person's session kept by a refresh token: their Keycloak offline token (scope {@code offline_access}, valid
   * until revoked or unused for the realm's offline idle time) exchanged at the realm's token endpoint, as the public
   * client they signed in with, for a short-lived access token in their name, renewed the same way while the
   * pipeline needs it (a canary analysis waits longer than an access token lives).
   */
  public static Credentials refreshing(URI tokenUrl, String publicClientId, String refreshToken, HttpClient http) {
    return new Credentials(tokenUrl, publicClientId, http, "grant_type=refresh_token&client_id="
        + URLEncoder.encode(publicClientId, StandardCharsets.UTF_8) + "&refresh_token="
        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
  }

  /** Null when {@code CD4ML_OIDC_TOKEN_URL} is not set: the CLI then sends no token of its own. */
  public static Credentials fromEnv(Map<String, String> env, HttpClient http) {
    String url = env.get("CD4ML_OIDC_TOKEN_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    String secret = env.get("CD4ML_OIDC_CLIENT_SECRET");
    if (secret == null || secret.isBlank()) {
      throw new CliFailure("CD4ML_OIDC_TOKEN_URL is set but CD4ML_OIDC_CLIENT_SECRET is not");
    }
    return new Credentials(URI.create(url), env.getOrDefault("CD4ML_OIDC_CLIENT_ID", "cd4ml-pipeline"), secret, http);
  }

  public synchronized String token() {
    if (token != null && Instant.now().isBefore(renewAt)) {
      return token;
    }
    String form = grant;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        // the body names the OAuth error (invalid_client, ...), never the secret
        throw new CliFailure("no token from " + tokenUrl + " for client " + clientId + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode body = Api.JSON.readTree(r.body());
      token = body.path("access_token").asText();
      long lifetime = body.path("expires_in").asLong(60);
      renewAt = Instant.now().plusSeconds(Math.max(1, lifetime - Math.min(30, lifetime / 2)));
      return token;
    } catch (IOException e) {
      throw new CliFailure("cannot reach " + tokenUrl + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }
}
