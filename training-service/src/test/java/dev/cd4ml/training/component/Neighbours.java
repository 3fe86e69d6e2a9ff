package dev.cd4ml.training.component;

import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.KafkaPart;
import dev.cd4ml.parts.Ports;
import dev.cd4ml.parts.PostgresPart;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.S3Part;
import dev.cd4ml.parts.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the REAL data-service and registry-service (their built jars, as processes) on the JVM's
 * real parts and points training-service's REST clients at them.
 *
 * <p>Quarkus may load this class in more than one class loader; as {@link RealParts} does, the copy
 * of the system class loader owns the processes and the other copies call it reflectively (JDK
 * types only), so there is one pair per JVM.
 */
public class Neighbours implements QuarkusTestResourceLifecycleManager {
  /** Bearer token of the registry process (pipeline and promoter): tests move versions into production with it. */

  private static final Class<?> OWNER = owner();
  private static Map<String, Object> local;

  @Override
  public Map<String, String> start() {
    return Map.of(
        "quarkus.rest-client.data-service.url", dataUrl(),
        "quarkus.rest-client.registry.url", registryUrl());
  }

  @Override
  public void stop() {
    // The processes live as long as the JVM (a shutdown hook stops them) so every test class shares them.
  }

  public static String dataUrl() {
    return OWNER != null ? (String) delegate("dataUrl") : (String) shared().get("data.url");
  }

  public static String registryUrl() {
    return OWNER != null ? (String) delegate("registryUrl") : (String) shared().get("registry.url");
  }

  public static void stopRegistry() {
    if (OWNER != null) {
      delegate("stopRegistry");
    } else {
      ((Runnable) shared().get("registry.stop")).run();
    }
  }

  /** Starts the registry again on the same port and waits until it is ready. */
  public static void startRegistry() {
    if (OWNER != null) {
      delegate("startRegistry");
    } else {
      ((Runnable) shared().get("registry.start")).run();
    }
  }

  private static Object delegate(String method) {
    try {
      return OWNER.getMethod(method).invoke(null);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> owner() {
    try {
      ClassLoader loader = ClassLoader.getSystemClassLoader();
      Class<?> system = Class.forName(Neighbours.class.getName(), false, loader);
      // The system copy can only own the processes when it sees the embedded parts too.
      Class.forName(ServiceProcess.class.getName(), false, loader);
      return system == Neighbours.class ? null : system;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static synchronized Map<String, Object> shared() {
    if (local == null) {
      local = launch();
    }
    return local;
  }

  private static Map<String, Object> launch() {
    // Keycloak first: the services verify tokens against it from their start.
    RealParts.startAll(List.of("kafka", "postgres", "s3", "keycloak"));
    KafkaPart kafka = RealParts.kafka();
    PostgresPart postgres = RealParts.postgres();
    S3Part s3 = RealParts.s3();
    ServiceProcess data = process("data-service", "data", kafka, postgres, s3);
    ServiceProcess registry = process("registry-service", "registry", kafka, postgres, s3);
    try {
      data.start();
      registry.start();
      data.awaitReady(Duration.ofSeconds(120));
      registry.awaitReady(Duration.ofSeconds(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      registry.stop();
      data.stop();
    }, "training-test-neighbours-stop"));
    Map<String, Object> shared = new HashMap<>();
    shared.put("data.url", data.url());
    shared.put("registry.url", registry.url());
    shared.put("registry.stop", (Runnable) registry::stop);
    shared.put("registry.start", (Runnable) () -> {
      try {
        registry.start().awaitReady(Duration.ofSeconds(120));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    return shared;
  }

  private static ServiceProcess process(String module, String database, KafkaPart kafka, PostgresPart postgres, S3Part s3) {
    Map<String, String> env = ServiceEnv.empty().kafka(kafka).postgres(postgres, database).s3(s3)
        // The lineage part of a registration is a non-file multipart part; Quarkus caps those at 2 KiB by
        // default and answers 413 above. Needed until registry-service raises the limit itself.
        .with("QUARKUS_HTTP_LIMITS_MAX_FORM_ATTRIBUTE_SIZE", "4M")
        .oidc(RealParts.keycloak())
        .toMap();
    return new ServiceProcess(module, ServiceProcess.serviceJar(module), Ports.free(), env,
        Path.of("target", "neighbours", module + ".log").toAbsolutePath(),
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  }
}
