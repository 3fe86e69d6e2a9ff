package dev.cd4ml.cli;

import java.util.Map;

/**
 * Where the services are and who the CLI is, from the environment (GoCD sets them as pipeline or
 * agent variables; the local runner sets them for the local platform). {@code registryToken}
 * ({@code CD4ML_REGISTRY_TOKEN}) is a person's token for what the pipeline's own client may not do (the
 * release manager's production promotion); everything else carries the pipeline's client-credentials
 * token ({@link Credentials}, {@code CD4ML_OIDC_*}).
 */
public record Endpoints(String data, String training, String registry, String servingTest, String servingProduction,
    String registryToken) {

  public static Endpoints fromEnv(Map<String, String> env) {
    return new Endpoints(
        env.getOrDefault("CD4ML_DATA_URL", "http://127.0.0.1:8081"),
        env.getOrDefault("CD4ML_TRAINING_URL", "http://127.0.0.1:8082"),
        env.getOrDefault("CD4ML_REGISTRY_URL", "http://127.0.0.1:8083"),
        env.getOrDefault("CD4ML_SERVING_TEST_URL", "http://127.0.0.1:8084"),
        env.getOrDefault("CD4ML_SERVING_PRODUCTION_URL", "http://127.0.0.1:8085"),
        env.get("CD4ML_REGISTRY_TOKEN"));
  }

  public static Endpoints fromEnv() {
    return fromEnv(System.getenv());
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
