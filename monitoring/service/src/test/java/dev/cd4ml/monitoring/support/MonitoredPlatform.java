package dev.cd4ml.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.fixtures.http.MultipartBody;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.MonitoredForwarding;
import dev.cd4ml.parts.Ports;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The platform monitoring watches, for real: data-service, registry-service and serving-service
 * (their built jars, as processes) on this JVM's parts; a demo data version; a CART model trained
 * here on exactly that data, registered with lineage pointing at it and promoted to production;
 * serving (environment production) sending its prediction log over the forward protocol to a
 * receiver that spools it and bulk-indexes it into OpenSearch with the platform's index templates.
 *
 * <p>Started once per JVM. Quarkus may load this class in more than one class loader; as
 * {@link RealParts} does, the copy of the system class loader owns the processes (the others call it
 * reflectively) and the URLs are system properties.
 */
public class MonitoredPlatform implements QuarkusTestResourceLifecycleManager {
  public static final String MODEL = "credit-mon";
  public static final String DATASET = "credit-mon";
  public static final long TRAINING_ROWS = 4000;
  public static final long TRAINING_SEED = 7;
  /** The release manager's real token from the JVM's Keycloak (a role name, resolved by {@link #send}). */
  public static final String TOKEN = Roles.RELEASE_MANAGER;
  private static final String PREFIX = "monitoringit.";
  private static final Class<?> OWNER = owner();
  private static ServiceProcess registry; // the owner's
  private static ServiceProcess data; // the owner's
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @Override
  public Map<String, String> start() {
    ensureStarted();
    return Map.of(
        "quarkus.rest-client.registry.url", registryUrl(),
        "quarkus.rest-client.data-service.url", dataUrl());
  }

  @Override
  public void stop() {
    // shared by the JVM; its shutdown hook stops the processes
  }

  public static String dataUrl() { return prop("data.url"); }
  public static String registryUrl() { return prop("registry.url"); }
  public static String servingUrl() { return prop("serving.url"); }
  public static String dataVersion() { return prop("data.version"); }
  public static int modelVersion() { return Integer.parseInt(prop("model.version")); }
  public static double heldOutAccuracy() { return Double.parseDouble(prop("model.accuracy")); }

  public static void stopRegistry() {
    if (OWNER != null) {
      delegate("stopRegistry");
    } else {
      registry.stop();
    }
  }

  /** Starts the registry again on its port and waits until it is ready. */
  public static void startRegistry() {
    if (OWNER != null) {
      delegate("startRegistry");
      return;
    }
    try {
      registry.start().awaitReady(Duration.ofSeconds(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void stopDataService() {
    if (OWNER != null) {
      delegate("stopDataService");
    } else {
      data.stop();
    }
  }

  /** Starts data-service again on its port and waits until it is ready. */
  public static void startDataService() {
    if (OWNER != null) {
      delegate("startDataService");
      return;
    }
    try {
      data.start().awaitReady(Duration.ofSeconds(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
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
      Class<?> system = Class.forName(MonitoredPlatform.class.getName(), false, loader);
      Class.forName(ServiceProcess.class.getName(), false, loader);
      return system == MonitoredPlatform.class ? null : system;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static String prop(String key) {
    String v = System.getProperty(PREFIX + key);
    if (v == null) {
      throw new IllegalStateException("the monitored platform is not started (" + key + ")");
    }
    return v;
  }

  public static void ensureStarted() {
    if (OWNER != null) {
      delegate("ensureStarted");
      return;
    }
    Properties props = System.getProperties();
    synchronized (MonitoredPlatform.class) {
      if (props.getProperty(PREFIX + "serving.url") != null) {
        return;
      }
      try {
        launch(props);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the monitored platform: " + e.getMessage(), e);
      }
    }
  }

  private static void launch(Properties props) throws Exception {
    RealParts.startAll(List.of("kafka", "postgres", "s3", "opensearch", "keycloak"));
    Path root = Path.of(System.getProperty("cd4ml.repository.root", "../.."));
    ForwardReceiver forward = MonitoredForwarding.start(RealParts.openSearch().httpUrl(),
        root.resolve("monitoring/elasticsearch"));
    List<String> jvm = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    data = new ServiceProcess("data-service", ServiceProcess.serviceJar("data-service"), Ports.free(),
        ServiceEnv.onRealParts("data").oidc(RealParts.keycloak()).toMap(), log("data-service"), jvm);
    registry = new ServiceProcess("registry-service", ServiceProcess.serviceJar("registry-service"),
        Ports.free(), ServiceEnv.onRealParts("registry")
            .oidc(RealParts.keycloak())
            .with("CD4ML_OUTBOX_POLL_INTERVAL", "PT0.2S")
            // The lineage part is a non-file multipart part, capped at 2 KiB by Quarkus by default.
            .with("QUARKUS_HTTP_LIMITS_MAX_FORM_ATTRIBUTE_SIZE", "4M").toMap(), log("registry-service"), jvm);
    data.start();
    registry.start();
    data.awaitReady(Duration.ofSeconds(120));
    registry.awaitReady(Duration.ofSeconds(120));

    JsonNode version = json(send("POST", data.url() + "/datasets/" + DATASET + "/versions/generated?rows="
        + TRAINING_ROWS + "&seed=" + TRAINING_SEED + "&drift=0", null, null, Roles.DATA_WRITER, 200, 201));
    String dataVersion = version.path("id").asText();
    DemoModel model = DemoModel.train(TRAINING_ROWS, TRAINING_SEED);
    int modelVersion = register(registry.url(), model, dataVersion);
    String stage = "{\"stage\":\"%s\",\"reason\":\"monitoring test\",\"pipelineLabel\":\"monitoring-it/1\"}";
    send("POST", registry.url() + "/models/" + MODEL + "/versions/" + modelVersion + "/stage", "application/json",
        stage.formatted("staging"), TOKEN, 200);
    send("POST", registry.url() + "/models/" + MODEL + "/versions/" + modelVersion + "/checks", "application/json",
        "{\"name\":\"acceptance\",\"passed\":true,\"details\":\"ok\",\"pipelineLabel\":\"monitoring-it/1\"}", TOKEN, 201);
    send("POST", registry.url() + "/models/" + MODEL + "/versions/" + modelVersion + "/stage", "application/json",
        stage.formatted("production"), TOKEN, 200);

    ServiceProcess serving = new ServiceProcess("serving-service", ServiceProcess.serviceJar("serving-service"),
        Ports.free(), ServiceEnv.empty().kafka(RealParts.kafka()).oidc(RealParts.keycloak()) // feedback needs a token
            .with("QUARKUS_REST_CLIENT_REGISTRY_URL", registry.url())
            .with("CD4ML_SERVING_MODEL", MODEL)
            .with("CD4ML_SERVING_ENVIRONMENT", "production")
            .with("CD4ML_SERVING_CACHE_DIR", Files.createTempDirectory("cd4ml-monitoring-serving-").toString())
            .with("CD4ML_FLUENTD_HOST", "127.0.0.1")
            .with("CD4ML_FLUENTD_PORT", Integer.toString(forward.port()))
            .with("CD4ML_FLUENTD_FLUSH_INTERVAL_MS", "100").toMap(), log("serving-service"), jvm);
    serving.start().awaitReady(Duration.ofSeconds(120));

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      serving.stop();
      registry.stop();
      data.stop();
      forward.stop();
    }, "monitoring-it-platform-stop"));
    props.setProperty(PREFIX + "data.url", data.url());
    props.setProperty(PREFIX + "registry.url", registry.url());
    props.setProperty(PREFIX + "data.version", dataVersion);
    props.setProperty(PREFIX + "model.version", Integer.toString(modelVersion));
    props.setProperty(PREFIX + "model.accuracy", Double.toString(model.heldOutAccuracy()));
    props.setProperty(PREFIX + "serving.url", serving.url());
  }

  public static int register(String registryUrl, DemoModel model, String dataVersion) throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("maxDepth", DemoModel.DEPTH);
    ModelLineage lineage = new ModelLineage("monitoring-it-run", DATASET, dataVersion, "test-rev", "CART", params,
        TRAINING_SEED, Map.of("accuracy", model.heldOutAccuracy()), signature(), DemoDataGenerator.PROTECTED, "{}");
    ByteArrayOutputStream artifact = new ByteArrayOutputStream();
    model.model().serializeToStream(artifact);
    MultipartBody body = new MultipartBody()
        .file("artifact", "model.tribuo", "application/octet-stream", artifact.toByteArray())
        .field("lineage", "application/json", EventJson.write(lineage));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registryUrl + "/models/" + MODEL + "/versions"))
        .header("Content-Type", body.contentType())
        .header("Authorization", Tokens.bearer(Tokens.forClient(Roles.Clients.TRAINING_SERVICE))).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException("register: " + r.statusCode() + " " + r.body());
    }
    return json(r.body()).path("version").asInt();
  }

  /** The demo data's 13 features as the model reads them (id and label are not features). */
  public static ModelSignature signature() {
    List<FeatureSpec> features = DemoModel.NUMERIC.stream().map(FeatureSpec::numeric)
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    DemoModel.CATEGORIES.forEach((column, values) -> features.add(FeatureSpec.categorical(column, values)));
    return new ModelSignature(features, DemoDataGenerator.LABEL, List.of("no", "yes"), DemoDataGenerator.POSITIVE_LABEL);
  }

  private static Path log(String module) {
    return Path.of("target", "monitored-platform", module + ".log").toAbsolutePath();
  }

  /** The answer's body; fails unless its status is one of {@code expected}. */
  /**
   * {@code POST url} ({@code _count}) with {@code query}: the count. A daily index created a moment ago answers 503
   * "all shards failed" until its shard has started; that is waited out (15 s at most), never read as a count.
   */
  public static long count(String url, String query) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      JsonNode answer = json(send("POST", url, "application/json", query, null, 200, 503));
      if (answer.has("count")) {
        return answer.get("count").asLong();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(url + " still has no started shard: " + answer);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public static String send(String method, String url, String contentType, String body, String token, int... expected) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      // a role name stands for that role's real token
      b.header("Authorization", "Bearer " + (Roles.ALL.contains(token) ? Tokens.forRole(token) : token));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (int e : expected) {
        if (r.statusCode() == e) {
          return r.body();
        }
      }
      throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String body) {
    try {
      return EventJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
