package dev.cd4ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In GoCD the release manager's credential is their offline token from GoCD's secret store
 * ({@code CD4ML_REGISTRY_REFRESH_TOKEN}): exchanged for an access token in their name only when a production
 * decision needs it, never for what the pipeline's own client does, and a revoked one is a clear failure.
 */
class ReleaseManagerRefreshTokenTest {
  private HttpServer server;
  private final List<String> forms = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", x -> {
      String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      forms.add(form);
      boolean good = form.contains("refresh_token=offline-of-rm");
      byte[] body = (good ? "{\"access_token\":\"rm-access-" + forms.size() + "\",\"expires_in\":300}"
          : "{\"error\":\"invalid_grant\",\"error_description\":\"Offline user session not found\"}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(good ? 200 : 400, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    Api.useCredentials(null);
    server.stop(0);
  }

  private String tokenUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  @Test
  void productionDecisionsCarryTheReleaseManagersAccessTokenExchangedWhenNeeded() {
    Api.useCredentials(new Credentials(URI.create(tokenUrl()), "cd4ml-pipeline", "pipeline-secret", HttpClient.newHttpClient()));
    Endpoints e = Endpoints.fromEnv(Map.of("CD4ML_OIDC_TOKEN_URL", tokenUrl(), "CD4ML_REGISTRY_REFRESH_TOKEN", "offline-of-rm"));
    assertNull(e.tokenForStage("staging"), "staging: the pipeline's own token");
    assertTrue(forms.isEmpty(), "nothing exchanged before a production decision: " + forms);

    assertEquals("rm-access-1", e.tokenForStage("production"));
    assertEquals("rm-access-1", e.tokenForStage("canary"), "kept until shortly before it expires");
    assertEquals(1, forms.size());
    assertTrue(forms.get(0).contains("grant_type=refresh_token"), forms.get(0));
    assertTrue(forms.get(0).contains("client_id=cd4ml-console"), "as the public client people sign in with: " + forms.get(0));
  }

  @Test
  void aRevokedTokenIsAClearFailureThatDoesNotPrintIt() {
    Endpoints e = Endpoints.fromEnv(Map.of("CD4ML_OIDC_TOKEN_URL", tokenUrl(), "CD4ML_REGISTRY_REFRESH_TOKEN", "revoked-offline"));
    CliFailure failure = assertThrows(CliFailure.class, () -> e.tokenForStage("production"));
    assertTrue(failure.getMessage().contains("invalid_grant"), failure.getMessage());
    assertFalse(failure.getMessage().contains("revoked-offline"), failure.getMessage());

    CliFailure nowhere = assertThrows(CliFailure.class, () -> Endpoints.fromEnv(Map.of("CD4ML_REGISTRY_REFRESH_TOKEN", "x")));
    assertTrue(nowhere.getMessage().contains("CD4ML_OIDC_TOKEN_URL"), nowhere.getMessage());
  }

  @Test
  void theLocalPlatformsTokenFileStillWins() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("release-manager", ".token");
    try {
      java.nio.file.Files.writeString(file, "from-the-session");
      Endpoints e = Endpoints.fromEnv(Map.of("CD4ML_OIDC_TOKEN_URL", tokenUrl(), "CD4ML_REGISTRY_REFRESH_TOKEN", "offline-of-rm",
          "CD4ML_REGISTRY_TOKEN_FILE", file.toString()));
      assertEquals("from-the-session", e.tokenForStage("production"));
      assertTrue(forms.isEmpty());
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
