package dev.cd4ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's client-credentials token: fetched once, sent on every call that names no other token. */
class CredentialsTest {
  private HttpServer server;
  private final AtomicInteger grants = new AtomicInteger();
  private final List<String> forms = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", x -> {
      forms.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      boolean good = forms.get(forms.size() - 1).contains("client_secret=s3cret");
      byte[] body = (good ? "{\"access_token\":\"tok-" + grants.incrementAndGet() + "\",\"expires_in\":300}"
          : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(good ? 200 : 401, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/api", x -> {
      seen.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
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

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void everyCallCarriesThePipelinesTokenFetchedOnce() {
    Api.useCredentials(Credentials.fromEnv(Map.of("CD4ML_OIDC_TOKEN_URL", url("/token"),
        "CD4ML_OIDC_CLIENT_SECRET", "s3cret"), HttpClient.newHttpClient()));
    Api.get(url("/api/a"));
    Api.postJson(url("/api/b"), Api.object(), null);
    // a token named by the caller (the release manager's) wins
    Api.postJson(url("/api/c"), Api.object(), "person-token");
    assertEquals(List.of("Bearer tok-1", "Bearer tok-1", "Bearer person-token"), seen);
    assertEquals(1, grants.get());
    assertTrue(forms.get(0).contains("grant_type=client_credentials"), forms.get(0));
    assertTrue(forms.get(0).contains("client_id=cd4ml-pipeline"), forms.get(0));
  }

  @Test
  void withoutConfigurationNoTokenIsSentAndABadSecretIsAClearFailure() {
    assertNull(Credentials.fromEnv(Map.of(), HttpClient.newHttpClient()));
    Api.get(url("/api/open"));
    assertEquals(List.of("null"), seen);
    assertThrows(CliFailure.class, () -> Credentials.fromEnv(Map.of("CD4ML_OIDC_TOKEN_URL", url("/token")),
        HttpClient.newHttpClient()));
    Credentials wrong = new Credentials(URI.create(url("/token")), "cd4ml-pipeline", "wrong", HttpClient.newHttpClient());
    CliFailure refused = assertThrows(CliFailure.class, wrong::token);
    assertTrue(refused.getMessage().contains("401") && !refused.getMessage().contains("wrong"), refused.getMessage());
  }
}
