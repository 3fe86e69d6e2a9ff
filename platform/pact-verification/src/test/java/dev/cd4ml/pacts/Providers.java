package dev.cd4ml.pacts;

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

  static String kafka() {
    return RealParts.kafka().bootstrapServers();
  }

  private static ServiceProcess start(String module, ServiceEnv env) {
    ServiceProcess p = new ServiceProcess(module, ServiceProcess.serviceJar(module), Ports.free(), env.toMap(),
        Path.of("target", "providers", module + ".log").toAbsolutePath(),
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
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
