package dev.cd4ml.cli.commands;

import com.sun.net.httpserver.HttpServer;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Cd4ml;
import dev.cd4ml.cli.Credentials;
import dev.cd4ml.cli.Endpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The pipeline CLI as its pacts' consumer ({@code pipeline-cli}): the real commands, run as GoCD runs them,
 * with the services' URLs pointing at Pact's mock providers and the pipeline's client-credentials token from
 * a token endpoint of this JVM. Pacts match {@code Authorization} by {@link #BEARER}, never a fixed token: the
 * provider's verification sends a real one of the realm.
 */
final class PipelineCli {
  static final String CONSUMER = "pipeline-cli";
  static final String BEARER = "Bearer [A-Za-z0-9._~+/=-]+";
  static final String PIPELINE_BEARER = "Bearer pipeline-token";
  /** The release manager's token (CD4ML_REGISTRY_TOKEN): canary, production, archived. */
  static final String PERSON_BEARER = "Bearer release-manager-token";
  private static HttpServer tokens;

  private PipelineCli() {}

  record Run(int exit, String out, String err) {}

  /** Runs {@code cd4ml <args>} with {@code env} as its environment (plus the release manager's token). */
  static synchronized Run run(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("CD4ML_REGISTRY_TOKEN", PERSON_BEARER.substring("Bearer ".length()));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    Endpoints.useEnvironment(all);
    Api.useCredentials(credentials());
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = Cd4ml.run(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      Endpoints.useEnvironment(null);
      Api.useCredentials(null);
    }
  }

  /** For a test that calls a command's parts directly: the same environment and credentials. */
  static synchronized <T> T with(Map<String, String> env, java.util.function.Supplier<T> call) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("CD4ML_REGISTRY_TOKEN", PERSON_BEARER.substring("Bearer ".length()));
    Endpoints.useEnvironment(all);
    Api.useCredentials(credentials());
    try {
      return call.get();
    } finally {
      Endpoints.useEnvironment(null);
      Api.useCredentials(null);
    }
  }

  /** The pipeline's client credentials against an OAuth token endpoint of this JVM (one token, as Keycloak's would be). */
  private static Credentials credentials() {
    if (tokens == null) {
      try {
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      tokens.createContext("/token", exchange -> {
        byte[] body = ("{\"access_token\":\"" + PIPELINE_BEARER.substring("Bearer ".length())
            + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      tokens.start();
    }
    return new Credentials(URI.create("http://127.0.0.1:" + tokens.getAddress().getPort() + "/token"), "cd4ml-pipeline",
        "pipeline-secret", HttpClient.newHttpClient());
  }
}
