package dev.cd4ml.serving.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.fixtures.http.MultipartBody;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.Ports;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real registry-service (its built jar, as its own process) on the JVM's real parts, seeded
 * with small real Tribuo models. Shared by every test of the JVM: Quarkus loads test classes in a
 * class loader per application, so the running registry is found again through system properties.
 */
public final class RegistryFixture {
  public static final String MODEL = "credit-it";
  /** Stage changes and checks act as the demo release manager (a real token from the JVM's Keycloak). */
  public static String token() {
    return Tokens.forRole(Roles.RELEASE_MANAGER);
  }
  private static final String URL_PROP = "servingit.registry.url";
  private static final String PID_PROP = "servingit.registry.pid";
  private static final String CACHE_PROP = "servingit.cache";
  private static final String PROXY_PROP = "servingit.registry.proxy";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private static ServiceProcess process;

  private RegistryFixture() {}

  /** Starts parts and the registry once per JVM, registers v1 (CART) and v2 (forest), stages v1. */
  public static synchronized String ensureStarted() throws Exception {
    String url = System.getProperty(URL_PROP);
    if (url != null && isUp(url)) {
      return url;
    }
    int port = url == null ? Ports.free() : URI.create(url).getPort();
    Map<String, String> env = ServiceEnv.onRealParts("registry")
        .oidc(RealParts.keycloak())
        .with("CD4ML_OUTBOX_POLL_INTERVAL", "PT0.2S")
        .toMap();
    Path log = Path.of("target", "registry-service-it.log").toAbsolutePath();
    process = new ServiceProcess("registry-service", ServiceProcess.serviceJar("registry-service"), port, env, log,
        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    process.start().awaitReady(Duration.ofSeconds(90));
    Runtime.getRuntime().addShutdownHook(new Thread(process::stop, "registry-it-stop"));
    url = process.url();
    System.setProperty(URL_PROP, url);
    System.setProperty(PID_PROP, Long.toString(process.pid()));
    if (stageVersion(url, "staging") == null) {
      int v1 = register(url, TestModels.cart(5, 1), TestModels.lineage("CART", 1));
      register(url, TestModels.forest(10, 2), TestModels.lineage("RandomForest", 2));
      promote(url, v1, "staging");
    }
    return url;
  }

  /** A cache directory shared by every serving application of this JVM (a restart finds the last good model). */
  public static synchronized String cacheDir() throws IOException {
    String dir = System.getProperty(CACHE_PROP);
    if (dir == null) {
      dir = Files.createTempDirectory("cd4ml-serving-it-cache-").toString();
      System.setProperty(CACHE_PROP, dir);
    }
    return dir;
  }

  /** Stops the registry process (SIGTERM) wherever it was started from. */
  public static synchronized void stop() {
    String pid = System.getProperty(PID_PROP);
    if (pid != null) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
        p.destroy();
        try {
          p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          p.destroyForcibly();
        }
      });
    }
  }

  /**
   * The registry's address through a {@link FaultProxy} (one per JVM, started on first use) that a fault test
   * hangs or cuts with {@link #registryProxy}. The proxy object is kept in the system properties: every Quarkus
   * application of the JVM loads this class in its own class loader and must find the same one.
   */
  public static synchronized String proxiedUrl() throws Exception {
    Object proxy = System.getProperties().get(PROXY_PROP);
    if (proxy == null) {
      URI registry = URI.create(ensureStarted());
      FaultProxy p = new FaultProxy("registry", registry.getHost(), registry.getPort(), 0);
      p.start();
      System.getProperties().put(PROXY_PROP, p);
      proxy = p;
    }
    return "http://127.0.0.1:" + proxy.getClass().getMethod("port").invoke(proxy);
  }

  /** {@code stall}, {@code cut} or {@code heal} on the registry's proxy (see {@link #proxiedUrl}). */
  public static void registryProxy(String action) throws Exception {
    Object proxy = System.getProperties().get(PROXY_PROP);
    if (proxy == null) {
      throw new IllegalStateException("no registry proxy: the application was not started with proxied=true");
    }
    proxy.getClass().getMethod(action).invoke(proxy);
  }

  public static String url() {
    return System.getProperty(URL_PROP);
  }

  public static int register(String url, org.tribuo.Model<?> model, ModelLineage lineage) throws Exception {
    return register(url, MODEL, TestModels.bytes(model), lineage);
  }

  /** Registers an artifact as training-service does (multipart: the artifact and its lineage); returns the version. */
  public static int register(String url, String model, byte[] artifact, ModelLineage lineage) throws Exception {
    MultipartBody body = new MultipartBody()
        .file("artifact", "model.tribuo", "application/octet-stream", artifact)
        .field("lineage", "application/json", EventJson.write(lineage));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/models/" + model + "/versions"))
        .header("Content-Type", body.contentType())
        .header("Authorization", Tokens.bearer(Tokens.forClient(Roles.Clients.TRAINING_SERVICE)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException("register: " + r.statusCode() + " " + r.body());
    }
    return EventJson.MAPPER.readTree(r.body()).get("version").asInt();
  }

  public static void promote(String url, int version, String stage) throws Exception {
    promote(url, MODEL, version, stage, null);
  }

  /** @param trafficWeight only for stage canary (null: the registry's default) */
  public static void promote(String url, String model, int version, String stage, Integer trafficWeight) throws Exception {
    String json = "{\"stage\":\"" + stage + "\",\"reason\":\"serving test\",\"pipelineLabel\":\"it\""
        + (trafficWeight == null ? "" : ",\"trafficWeight\":" + trafficWeight) + "}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
            URI.create(url + "/models/" + model + "/versions/" + version + "/stage"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("promote v" + version + " to " + stage + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** Records a passed acceptance check, which production and canary need (recorded while in staging). */
  public static void accept(String url, String model, int version) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
            URI.create(url + "/models/" + model + "/versions/" + version + "/checks"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"acceptance\",\"passed\":true,\"pipelineLabel\":\"it\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("check v" + version + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** The version in the stage, or null. */
  public static Integer stageVersion(String url, String stage) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/models/" + MODEL + "/stages/" + stage))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    JsonNode n = EventJson.MAPPER.readTree(r.body());
    return n.get("version").asInt();
  }

  private static boolean isUp(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
