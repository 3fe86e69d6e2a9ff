package dev.cd4ml.pacts;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.Ports;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers under verification: each service's real built jar as a process on this JVM's real
 * parts (Kafka, PostgreSQL, S3, Keycloak: they verify the realm's tokens), configured the way a
 * deployment configures it. Started on first use, once per JVM; a shutdown hook stops them.
 */
final class Providers {
  private static final Map<String, ServiceProcess> RUNNING = new HashMap<>();

  private Providers() {}

  static synchronized ServiceProcess data() {
    return RUNNING.computeIfAbsent("data-service", m -> start(m, ServiceEnv.onRealParts("data").oidc(RealParts.keycloak())));
  }

  static synchronized ServiceProcess registry() {
    return RUNNING.computeIfAbsent("registry-service", m -> start(m, ServiceEnv.onRealParts("registry")
        .oidc(RealParts.keycloak())
        // a registration's lineage is a non-file multipart part, as training-service sends it
        .with("QUARKUS_HTTP_LIMITS_MAX_FORM_ATTRIBUTE_SIZE", "4M")));
  }

  /** Calls data-service and registry-service as the realm's client training-service, as deployed. */
  static synchronized ServiceProcess training() {
    if (!RUNNING.containsKey("training-service")) {
      String data = data().url();
      String registry = registry().url();
      RUNNING.put("training-service", start("training-service", ServiceEnv.onRealParts("training")
          .oidc(RealParts.keycloak()).oidcClient(RealParts.keycloak(), Roles.Clients.TRAINING_SERVICE)
          .with("QUARKUS_REST_CLIENT_DATA_SERVICE_URL", data)
          .with("QUARKUS_REST_CLIENT_REGISTRY_URL", registry)));
    }
    return RUNNING.get("training-service");
  }

  /** The model serving-service (environment test) serves: the registry's staging version of {@link #SERVED_MODEL}. */
  static final String SERVED_MODEL = "pact-served";

  /**
   * serving-service, environment test, following {@link #SERVED_MODEL}; its prediction log goes to this JVM's
   * forward receiver. The model it serves is registered and staged before it starts.
   */
  static synchronized ServiceProcess serving() {
    if (!RUNNING.containsKey("serving-service")) {
      Map<String, Object> served = Models.register(SERVED_MODEL);
      Models.stage(served, "staging", null);
      String cache;
      try {
        cache = java.nio.file.Files.createTempDirectory("cd4ml-pact-serving-").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RUNNING.put("serving-service", start("serving-service", ServiceEnv.empty().kafka(RealParts.kafka())
          .oidc(RealParts.keycloak())
          .with("QUARKUS_REST_CLIENT_REGISTRY_URL", registry().url())
          .with("CD4ML_SERVING_MODEL", SERVED_MODEL)
          .with("CD4ML_SERVING_ENVIRONMENT", "test")
          .with("CD4ML_SERVING_CACHE_DIR", cache)
          .with("CD4ML_FLUENTD_HOST", "127.0.0.1")
          .with("CD4ML_FLUENTD_PORT", Integer.toString(RealParts.forward().port()))));
    }
    return RUNNING.get("serving-service");
  }

  /** monitoring-service on the prediction log in this JVM's OpenSearch, reading data and registry as its client. */
  static synchronized ServiceProcess monitoring() {
    if (!RUNNING.containsKey("monitoring-service")) {
      String data = data().url();
      String registry = registry().url();
      RUNNING.put("monitoring-service", start("monitoring-service", ServiceEnv.onRealParts("monitoring")
          .oidc(RealParts.keycloak()).oidcClient(RealParts.keycloak(), Roles.Clients.MONITORING_SERVICE)
          .with("CD4ML_MONITORING_SEARCH_URL", RealParts.openSearch().httpUrl())
          .with("QUARKUS_REST_CLIENT_DATA_SERVICE_URL", data)
          .with("QUARKUS_REST_CLIENT_REGISTRY_URL", registry)));
    }
    return RUNNING.get("monitoring-service");
  }

  static String kafka() {
    return RealParts.kafka().bootstrapServers();
  }

  private static ServiceProcess start(String module, ServiceEnv env) {
    // training-service trains in the process: more heap than the others
    String heap = module.equals("training-service") ? "-Xmx512m" : "-Xmx256m";
    // monitoring-service lives under monitoring/, beside the EFK configuration it reads
    String dir = module.equals("monitoring-service") ? "monitoring/service" : module;
    ServiceProcess p = new ServiceProcess(module, ServiceProcess.serviceJar(dir), Ports.free(), env.toMap(),
        Path.of("target", "providers", module + ".log").toAbsolutePath(),
        List.of(heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    try {
      p.start().awaitReady(Duration.ofSeconds(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(p::stop, "pact-provider-stop-" + module));
    return p;
  }
}
