package dev.cd4ml.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ports and environment of every process of the local platform: the single place that says how
 * the services are wired to the parts and to each other.
 */
final class Layout {
  static final int KAFKA = 9092;
  static final int S3 = 9000;
  static final int POSTGRES = 5432;
  static final int OPENSEARCH = 9200;
  static final int FORWARD = 24224;
  static final String DB_USER = "postgres";
  static final String DB_PASSWORD = "postgres";

  /** Dataset and model the local pipeline works on. */
  static final String DATASET = "credit";
  static final String MODEL = "credit-risk";

  record Service(String name, String module, int port, String heap, Map<String, String> env) {
    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private Layout() {}

  static List<String> databases() {
    return List.of("data", "training", "registry");
  }

  static List<Service> services(LocalSecrets secrets, java.nio.file.Path runDir) {
    return List.of(
        new Service("data-service", "data-service", 8081, "256m", merge(kafka(), db("data"), s3(secrets, "cd4ml-data"))),
        new Service("training-service", "training-service", 8082, "1g", merge(kafka(), db("training"), Map.of(
            "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", "http://127.0.0.1:8081",
            "QUARKUS_REST_CLIENT_REGISTRY_URL", "http://127.0.0.1:8083",
            "CD4ML_TRAINING_MODEL_DIR", runDir.resolve("training-models").toString()))),
        new Service("registry-service", "registry-service", 8083, "256m", merge(kafka(), db("registry"),
            s3(secrets, "cd4ml-registry"), Map.of("CD4ML_AUTH_TOKENS", secrets.registryTokens()))),
        new Service("serving-test", "serving-service", 8084, "256m", serving("test", runDir)),
        new Service("serving-production", "serving-service", 8085, "256m", serving("production", runDir)));
  }

  private static Map<String, String> serving(String environment, java.nio.file.Path runDir) {
    return merge(kafka(), Map.of(
        "CD4ML_SERVING_MODEL", MODEL,
        "CD4ML_SERVING_ENVIRONMENT", environment,
        "CD4ML_SERVING_CACHE_DIR", runDir.resolve("serving-" + environment + "-cache").toString(),
        "QUARKUS_REST_CLIENT_REGISTRY_URL", "http://127.0.0.1:8083",
        "CD4ML_FLUENTD_HOST", "127.0.0.1",
        "CD4ML_FLUENTD_PORT", Integer.toString(FORWARD)));
  }

  private static Map<String, String> kafka() {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + KAFKA);
  }

  private static Map<String, String> db(String database) {
    return Map.of(
        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + POSTGRES + "/" + database,
        "QUARKUS_DATASOURCE_USERNAME", DB_USER,
        "QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD);
  }

  private static Map<String, String> s3(LocalSecrets secrets, String bucket) {
    return Map.of(
        "CD4ML_S3_ENDPOINT", "http://127.0.0.1:" + S3,
        "CD4ML_S3_ACCESS_KEY", secrets.s3AccessKey(),
        "CD4ML_S3_SECRET_KEY", secrets.s3SecretKey(),
        "CD4ML_S3_BUCKET", bucket);
  }

  @SafeVarargs
  private static Map<String, String> merge(Map<String, String>... maps) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Map<String, String> m : maps) {
      all.putAll(m);
    }
    return all;
  }
}
