package dev.cd4ml.cli;

import java.util.Map;

/**
 * Where the services are and who the CLI is, from the environment (GoCD sets them as pipeline or
 * agent variables; the local runner sets them for the local platform). {@code registryToken}
 * ({@code CD4ML_REGISTRY_TOKEN}, or the file {@code CD4ML_REGISTRY_TOKEN_FILE} names, read at each use so
 * whoever holds the person's session can keep it fresh: tokens live minutes, a canary analysis waits longer)
 * is a person's token for what the pipeline's own client may not do (the release manager's canary,
 * production, abort and rollback); in GoCD it is {@code CD4ML_REGISTRY_REFRESH_TOKEN}, the release manager's
 * offline token from GoCD's secret store, exchanged at {@code CD4ML_OIDC_TOKEN_URL} (as the public client
 * {@code CD4ML_REGISTRY_CLIENT_ID}, default {@code cd4ml-console}) when a call needs it. Everything else carries
 * the pipeline's client-credentials token ({@link Credentials}, {@code CD4ML_OIDC_*}).
 */
public record Endpoints(String data, String training, String registry, String servingTest, String servingProduction,
    java.util.function.Supplier<String> registryTokenSource) {
  /** For tests: the environment every later {@link #fromEnv()} reads (null: the process's). */
  private static volatile Map<String, String> environment;

  public static void useEnvironment(Map<String, String> env) {
    environment = env;
  }

  /** The person's token, null when there is none. */
  public String registryToken() {
    return registryTokenSource.get();
  }

  public static Endpoints fromEnv(Map<String, String> env) {
    return new Endpoints(
        env.getOrDefault("CD4ML_DATA_URL", "http://127.0.0.1:8081"),
        env.getOrDefault("CD4ML_TRAINING_URL", "http://127.0.0.1:8082"),
        env.getOrDefault("CD4ML_REGISTRY_URL", "http://127.0.0.1:8083"),
        env.getOrDefault("CD4ML_SERVING_TEST_URL", "http://127.0.0.1:8084"),
        env.getOrDefault("CD4ML_SERVING_PRODUCTION_URL", "http://127.0.0.1:8085"),
        registryToken(env));
  }

  private static java.util.function.Supplier<String> registryToken(Map<String, String> env) {
    String refresh = env.get("CD4ML_REGISTRY_REFRESH_TOKEN");
    String file = env.get("CD4ML_REGISTRY_TOKEN_FILE");
    if ((file == null || file.isBlank()) && refresh != null && !refresh.isBlank()) {
      String url = env.get("CD4ML_OIDC_TOKEN_URL");
      if (url == null || url.isBlank()) {
        throw new CliFailure("CD4ML_REGISTRY_REFRESH_TOKEN is set but CD4ML_OIDC_TOKEN_URL (where to exchange it) is not");
      }
      // exchanged only when a call needs the person's token, then kept until a little before it expires
      Credentials session = Credentials.refreshing(java.net.URI.create(url),
          env.getOrDefault("CD4ML_REGISTRY_CLIENT_ID", "cd4ml-console"), refresh, java.net.http.HttpClient.newHttpClient());
      return session::token;
    }
    String token = fileOrVariable(env, file);
    return () -> token;
  }

  private static String fileOrVariable(Map<String, String> env, String file) {
    if (file == null || file.isBlank()) {
      return env.get("CD4ML_REGISTRY_TOKEN");
    }
    java.nio.file.Path path = java.nio.file.Path.of(file);
    if (!java.nio.file.Files.exists(path)) {
      return null; // nobody signed in (yet): calls carry the pipeline's token, the registry says what they lack
    }
    try {
      String token = java.nio.file.Files.readString(path).trim();
      return token.isEmpty() ? null : token;
    } catch (java.io.IOException e) {
      throw new CliFailure("CD4ML_REGISTRY_TOKEN_FILE " + file + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * The token for a stage change: the pipeline's own (null: {@link Api} sends its client-credentials token)
   * for staging, which its role allows; the person's for the others (canary, production, archived). Without
   * client credentials, the one token there is.
   */
  public String tokenForStage(String stage) {
    return "staging".equals(stage) && Api.hasCredentials() ? null : registryToken();
  }

  /** The token for recording a check: the pipeline's own when it has one (a check is the pipeline's finding). */
  public String tokenForChecks() {
    return Api.hasCredentials() ? null : registryToken();
  }

  public static Endpoints fromEnv() {
    Map<String, String> env = environment;
    return fromEnv(env == null ? System.getenv() : env);
  }

  public String serving(String environment) {
    return switch (environment) {
      case "test" -> servingTest;
      case "production" -> servingProduction;
      default -> throw new CliFailure("unknown environment '" + environment + "' (test, production)");
    };
  }

  public static String stageOf(String environment) {
    return switch (environment) {
      case "test" -> "staging";
      case "production" -> "production";
      default -> throw new CliFailure("unknown environment '" + environment + "' (test, production)");
    };
  }
}
