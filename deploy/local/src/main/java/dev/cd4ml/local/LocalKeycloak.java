package dev.cd4ml.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Credentials;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.parts.KeycloakPart;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * The local platform's Keycloak ({@code PartMain keycloak --dir .run/keycloak}): where its realm is, and
 * the client secrets and demo passwords it made up at its first start and keeps in
 * {@code .run/keycloak/secrets.properties} (owner-only, never in the repository).
 */
record LocalKeycloak(int port, Path dir) {
  static final String RELEASE_MANAGER = "demo-" + Roles.RELEASE_MANAGER;
  /** Who reports ground truth in the demos (role feedback-writer: serving's POST /feedback). */
  static final String FEEDBACK_WRITER = "demo-" + Roles.FEEDBACK_WRITER;
  /** Who sets retraining policies and runs evaluations in the demos (role monitoring: monitoring's writes). */
  static final String MONITORING = "demo-" + Roles.MONITORING;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static LocalKeycloak of(Layout layout) {
    return new LocalKeycloak(layout.keycloak(), layout.runDir().resolve("keycloak"));
  }

  /** The platform started from {@code CD4ML_RUN_DIR} (default {@code .run}) with {@code CD4ML_PORT_OFFSET}: for the demos. */
  static LocalKeycloak fromEnv() {
    int offset = Integer.parseInt(System.getenv().getOrDefault("CD4ML_PORT_OFFSET", "0"));
    return new LocalKeycloak(Layout.KEYCLOAK_PORT + offset,
        Path.of(System.getenv().getOrDefault("CD4ML_RUN_DIR", ".run")).resolve("keycloak"));
  }

  String issuer() {
    return "http://127.0.0.1:" + port + "/realms/" + KeycloakPart.REALM;
  }

  String tokenUrl() {
    return issuer() + "/protocol/openid-connect/token";
  }

  Path secretsFile() {
    return dir.resolve("secrets.properties");
  }

  String clientSecret(String clientId) {
    return secret(KeycloakPart.clientSecretKey(clientId));
  }

  String password(String username) {
    return secret(KeycloakPart.userPasswordKey(username));
  }

  private String secret(String key) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(secretsFile())) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("Keycloak's secrets are not readable at " + secretsFile(), e);
    }
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalStateException(secretsFile() + " has no " + key);
    }
    return value;
  }

  /** The pipeline's own identity (client cd4ml-pipeline: staging, checks, data, training; never production). */
  Credentials pipeline() {
    return new Credentials(URI.create(tokenUrl()), Roles.Clients.PIPELINE, clientSecret(Roles.Clients.PIPELINE), HTTP);
  }

  /** Every later CLI call of this JVM that names no other token carries the pipeline's. */
  void actAsPipeline() {
    Api.useCredentials(pipeline());
  }

  /**
   * A shell line that signs a demo user in and keeps their access token in {@code $TOKEN}, for the commands the
   * platform prints (every write needs a token; the password stays in the secrets file, never on the screen).
   */
  String tokenCommand(String username) {
    return "TOKEN=$(curl -s -d grant_type=password -d client_id=" + Roles.Clients.CONSOLE + " -d username=" + username
        + " --data-urlencode password=\"$(sed -n 's/^" + KeycloakPart.userPasswordKey(username) + "=//p' '"
        + secretsFile().toAbsolutePath() + "')\" " + tokenUrl()
        + " | sed -n 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/p')";
  }

  /** A demo user's access token: the password grant on the public client cd4ml-console, as a person signs in. */
  Token signIn(String username) {
    return token(Map.of("grant_type", "password", "client_id", Roles.Clients.CONSOLE, "username", username,
        "password", password(username)));
  }

  /** A client's own access token (client credentials). */
  Token clientToken(String clientId) {
    return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret(clientId)));
  }

  record Token(String value, Duration lifetime) {}

  /** A demo user's session: their token, signed in again once half its lifetime is over (tokens live five minutes). */
  java.util.function.Supplier<String> session(String username) {
    return new java.util.function.Supplier<>() {
      private Token token;
      private java.time.Instant renewAt = java.time.Instant.MIN;

      @Override
      public synchronized String get() {
        if (token == null || java.time.Instant.now().isAfter(renewAt)) {
          token = signIn(username);
          renewAt = java.time.Instant.now().plus(token.lifetime().dividedBy(2));
        }
        return token.value();
      }
    };
  }

  private Token token(Map<String, String> form) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl())).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        // the body names the OAuth error (invalid_grant, ...), never the secret
        throw new IllegalStateException("no token from " + tokenUrl() + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode answer = Api.JSON.readTree(r.body());
      return new Token(answer.path("access_token").asText(), Duration.ofSeconds(answer.path("expires_in").asLong(60)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The release manager's session for the production pipeline: once they approve, their token is kept in
   * {@code release-manager.token} (owner-only) and renewed before it expires (tokens live five minutes, a
   * canary analysis waits longer), so the promotion the analysis makes after its wait carries a fresh one
   * ({@code CD4ML_REGISTRY_TOKEN_FILE}) and the registry's audit trail names the release manager.
   */
  static final class ReleaseManagerSession implements AutoCloseable {
    private final LocalKeycloak keycloak;
    private final Path file;
    private Thread renewer;

    ReleaseManagerSession(LocalKeycloak keycloak) {
      this.keycloak = keycloak;
      this.file = keycloak.dir().resolve("release-manager.token");
    }

    Path file() {
      return file;
    }

    /** Signs the release manager in now (the token is there before this returns) and keeps renewing it. */
    synchronized void signIn() {
      Duration lifetime = write(keycloak.signIn(RELEASE_MANAGER));
      if (renewer != null) {
        return;
      }
      Duration every = lifetime.dividedBy(2).compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : lifetime.dividedBy(2);
      renewer = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Thread.sleep(every.toMillis());
            write(keycloak.signIn(RELEASE_MANAGER));
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            System.err.println("[platform] could not renew the release manager's token: " + e.getMessage());
          }
        }
      }, "release-manager-session");
      renewer.setDaemon(true);
      renewer.start();
    }

    private Duration write(Token token) {
      try {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".release-manager-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token.value());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return token.lifetime();
    }

    @Override
    public synchronized void close() {
      if (renewer != null) {
        renewer.interrupt();
      }
    }
  }
}
