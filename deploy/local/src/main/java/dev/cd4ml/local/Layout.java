package dev.cd4ml.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ports and environment of every process of the local platform: the single place that says how
 * the services are wired to the parts and to each other. {@code offset} shifts every port, so a
 * test can run a second platform beside a developer's.
 */
record Layout(int offset, LocalSecrets secrets, Path runDir, LocalData workload) {
  static final String DB_USER = "postgres";
  static final String DB_PASSWORD = "postgres";
  /** The demo's dataset and model (the defaults of gocd/cd4ml-model); {@link #workload()} says what this platform works on. */
  static final String DATASET = "credit";
  static final String MODEL = "credit-risk";
  static final int KEYCLOAK_PORT = 8180;

  /** The platform on the demo data. */
  Layout(int offset, LocalSecrets secrets, Path runDir) {
    this(offset, secrets, runDir, LocalData.demo());
  }

  /**
   * How a service's JVM runs: small and quick to start (serial GC, C1 only), or for throughput (C2 and
   * the parallel collector, as serving-service/bench measures it) where the traffic goes.
   */
  enum Jvm {
    QUICK_START("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
    THROUGHPUT("-XX:+UseParallelGC");

    private final List<String> flags;

    Jvm(String... flags) {
      this.flags = List.of(flags);
    }
  }

  /**
   * One service process. {@code module} is the module's folder ({@code monitoring/service}), where its
   * jar is built; {@code after} names the services that must be up before it starts.
   */
  record Service(String name, String module, int port, String heap, Jvm jvm, Map<String, String> env, List<String> after) {
    Service(String name, String module, int port, String heap, Jvm jvm, Map<String, String> env) {
      this(name, module, port, heap, jvm, env, List.of());
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    List<String> jvmOptions() {
      List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
      options.addAll(jvm.flags);
      return options;
    }
  }

  int kafka() { return 9092 + offset; }
  int s3() { return 9000 + offset; }
  int postgres() { return 5432 + offset; }
  int openSearch() { return 9200 + offset; }
  int forward() { return 24224 + offset; }
  int data() { return 8081 + offset; }
  int training() { return 8082 + offset; }
  int registry() { return 8083 + offset; }
  int servingTest() { return 8084 + offset; }
  int servingProduction() { return 8085 + offset; }
  int monitoring() { return 8086 + offset; }
  int keycloak() { return KEYCLOAK_PORT + offset; }

  LocalKeycloak identities() {
    return LocalKeycloak.of(this);
  }

  static List<String> databases() {
    return List.of("data", "training", "registry", "monitoring");
  }

  /** Every service verifies the realm's tokens; call once Keycloak has started (training and monitoring need its secrets). */
  List<Service> services() {
    return List.of(
        new Service("data-service", "data-service", data(), "256m", Jvm.QUICK_START,
            merge(kafkaEnv(), oidc(), db("data"), s3Env("cd4ml-data"))),
        // calls the registry as itself: the registry takes a version's metrics only from training-service
        new Service("training-service", "training-service", training(), "1g", Jvm.QUICK_START,
            merge(kafkaEnv(), oidc(), oidcClient("training-service"), db("training"), Map.of(
                "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", url(data()),
                "QUARKUS_REST_CLIENT_REGISTRY_URL", url(registry())))),
        new Service("registry-service", "registry-service", registry(), "256m", Jvm.QUICK_START,
            merge(kafkaEnv(), oidc(), db("registry"), s3Env("cd4ml-registry"), Map.of(
                // The demo's drifted versions are harder data: a model trained on them scores a few
                // points lower on its own held-out split, and its age-band gaps widen.
                "CD4ML_POLICY_DEFAULT_MAX_REGRESSION", "0.05",
                "CD4ML_POLICY_DEFAULT_MAX_FAIRNESS_GAP", "0.35",
                // The demo's fixed production floor (accuracy 0.6) means nothing for a user's 3-class or very
                // imbalanced table: there the pipeline's gate, relative to the data's own baseline, decides.
                "CD4ML_POLICY_DEFAULT_MIN_VALUE", workload.isDemo() ? "0.6" : "0"))),
        new Service("serving-test", "serving-service", servingTest(), "256m", Jvm.QUICK_START,
            merge(oidc(), serving("test"))),
        new Service("serving-production", "serving-service", servingProduction(), "512m", Jvm.THROUGHPUT,
            merge(oidc(), serving("production"))),
        // Reads the prediction log in OpenSearch and, for each served version, the registry's lineage and
        // data-service's profile of its training data: started once those two answer. It uploads harvests to
        // data-service as itself.
        new Service("monitoring-service", "monitoring/service", monitoring(), "256m", Jvm.QUICK_START,
            merge(kafkaEnv(), oidc(), oidcClient("monitoring-service"), db("monitoring"), Map.of(
                "CD4ML_MONITORING_SEARCH_URL", url(openSearch()),
                "QUARKUS_REST_CLIENT_REGISTRY_URL", url(registry()),
                "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", url(data()))),
            List.of("data-service", "registry-service")));
  }

  /**
   * What the pipeline's tasks need: where the services are, the code revision, and two identities: the
   * pipeline's own client (cd4ml-pipeline, client credentials: data, training, staging and checks, never
   * production) and, for the production pipeline's stage changes, the release manager's token in the file
   * their session keeps fresh ({@link LocalKeycloak.ReleaseManagerSession}), read by the CLI at each use.
   */
  Map<String, String> pipelineEnv(String codeRevision, Path releaseManagerToken) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CD4ML_DATA_URL", url(data()));
    env.put("CD4ML_TRAINING_URL", url(training()));
    env.put("CD4ML_REGISTRY_URL", url(registry()));
    env.put("CD4ML_SERVING_TEST_URL", url(servingTest()));
    env.put("CD4ML_SERVING_PRODUCTION_URL", url(servingProduction()));
    env.put("CD4ML_MONITORING_URL", url(monitoring()));
    env.put("CD4ML_OIDC_TOKEN_URL", identities().tokenUrl());
    env.put("CD4ML_OIDC_CLIENT_ID", dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE);
    env.put("CD4ML_OIDC_CLIENT_SECRET", identities().clientSecret(dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE));
    env.put("CD4ML_REGISTRY_TOKEN_FILE", releaseManagerToken.toString());
    env.put("CODE_REVISION", codeRevision);
    env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka());
    return env;
  }

  static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  private Map<String, String> serving(String environment) {
    return merge(kafkaEnv(), Map.of(
        "CD4ML_SERVING_MODEL", workload.model(),
        "CD4ML_SERVING_ENVIRONMENT", environment,
        "CD4ML_SERVING_CACHE_DIR", runDir.resolve("serving-" + environment + "-cache").toString(),
        "QUARKUS_REST_CLIENT_REGISTRY_URL", url(registry()),
        "CD4ML_FLUENTD_HOST", "127.0.0.1",
        "CD4ML_FLUENTD_PORT", Integer.toString(forward()),
        // the prediction log's overflow while the forward part is away: kept across restarts, sent first
        "CD4ML_FLUENTD_SPILL_DIR", runDir.resolve("serving-" + environment + "-spill").toString()));
        // no /bench/*: only serving-service/bench/run-bench.sh's own instances enable it (CD4ML_SERVING_BENCH_ENDPOINT=true)
  }

  /** Verifies bearer tokens of the realm (platform/service-support's quarkus-oidc set-up). */
  private Map<String, String> oidc() {
    return Map.of("QUARKUS_OIDC_TENANT_ENABLED", "true", "QUARKUS_OIDC_AUTH_SERVER_URL", identities().issuer());
  }

  /** Calls its neighbours as the realm's client {@code clientId} (client credentials). */
  private Map<String, String> oidcClient(String clientId) {
    return Map.of(
        "QUARKUS_OIDC_CLIENT_CLIENT_ENABLED", "true",
        "QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL", identities().issuer(),
        "QUARKUS_OIDC_CLIENT_CLIENT_ID", clientId,
        "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", identities().clientSecret(clientId));
  }

  private Map<String, String> kafkaEnv() {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka());
  }

  private Map<String, String> db(String database) {
    return Map.of(
        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgres() + "/" + database,
        "QUARKUS_DATASOURCE_USERNAME", DB_USER,
        "QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD);
  }

  private Map<String, String> s3Env(String bucket) {
    return Map.of(
        "CD4ML_S3_ENDPOINT", url(s3()),
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
