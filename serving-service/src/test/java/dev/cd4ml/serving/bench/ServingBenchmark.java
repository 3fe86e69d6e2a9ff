package dev.cd4ml.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.FaultProxy;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.parts.KafkaPart;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.ServiceProcess;
import dev.cd4ml.serving.support.RegistryFixture;
import dev.cd4ml.serving.support.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Model;

/**
 * Starts what {@code bench/run-bench.sh} measures: the real parts (Kafka, PostgreSQL, S3, Keycloak, a Fluentd
 * forward receiver), the real registry-service and two production serving-service processes built
 * from this repository — {@code :8085} with prediction logging on (the production instance; the benchmark
 * switches a role on and off there through {@code PUT /bench/predictions-role}) and {@code :8086} with logging
 * off (to price logging) — with two production-eligible model versions the benchmark promotes back and forth.
 * Writes {@code target/bench/bench.env} and the request bodies, prints READY, and keeps everything up until it is
 * stopped (SIGTERM).
 *
 * <p>Needs {@code mvn -pl registry-service,serving-service -am package -DskipTests} first.
 */
public final class ServingBenchmark {
  static final String MODEL = "credit-bench";
  /** The role the benchmark requires on predictions; its demo user's token is kept fresh in {@code role.token}. */
  static final String PREDICTIONS_ROLE = dev.cd4ml.contracts.auth.Roles.FEEDBACK_WRITER;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private ServingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--local")) {
      local(args.length > 1 ? args[1] : "http://127.0.0.1:8085");
      return;
    }
    int registryPort = Integer.parseInt(System.getenv().getOrDefault("BENCH_REGISTRY_PORT", "18083"));
    int servingPort = Integer.parseInt(System.getenv().getOrDefault("BENCH_SERVING_PORT", "8085"));
    int noLogPort = Integer.parseInt(System.getenv().getOrDefault("BENCH_SERVING_NOLOG_PORT", "8086"));
    Path dir = Path.of(System.getenv().getOrDefault("BENCH_DIR", "target/bench")).toAbsolutePath();
    Files.createDirectories(dir);

    KafkaPart kafka = RealParts.kafka();
    // Its own receiver that keeps no records: at 20k+ records/s a retained window of decoded maps costs
    // this JVM (on the benchmark's two cores) more GC than the decoding; only the count is needed.
    ForwardReceiver forward = new ForwardReceiver(0, 0);
    forward.start();
    // BENCH_FORWARD_PROXY=1 (bench/run-log-stall-bench.sh): serving reaches the receiver through a FaultProxy
    // that the file target/bench/forward-fault steers: "stall", "cut" or "heal".
    int forwardPort = forward.port();
    if ("1".equals(System.getenv("BENCH_FORWARD_PROXY"))) {
      FaultProxy proxy = new FaultProxy("forward", "127.0.0.1", forward.port(), 0);
      proxy.start();
      forwardPort = proxy.port();
      steer(proxy, dir.resolve("forward-fault"));
    }
    List<ServiceProcess> processes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(ServiceProcess::stop)));

    Map<String, String> registryEnv = ServiceEnv.onRealParts("registry")
        .oidc(dev.cd4ml.parts.RealParts.keycloak())
        .with("CD4ML_OUTBOX_POLL_INTERVAL", "PT0.2S")
        .toMap();
    ServiceProcess registry = new ServiceProcess("registry-service", ServiceProcess.serviceJar("registry-service"),
        registryPort, registryEnv, dir.resolve("registry.log"), List.of("-Xmx256m"));
    processes.add(registry);
    registry.start().awaitReady(Duration.ofSeconds(120));
    String reg = registry.url();

    int a = register(reg, DemoModels.cart(8, 11));
    int b = register(reg, DemoModels.cart(8, 12));
    for (int v : new int[] {a, b}) {
      post(reg + "/models/" + MODEL + "/versions/" + v + "/stage",
          "{\"stage\":\"staging\",\"reason\":\"bench\",\"pipelineLabel\":\"bench\"}");
      post(reg + "/models/" + MODEL + "/versions/" + v + "/checks",
          "{\"name\":\"acceptance\",\"passed\":true,\"details\":\"bench\",\"pipelineLabel\":\"bench\"}");
      post(reg + "/models/" + MODEL + "/versions/" + v + "/stage",
          "{\"stage\":\"production\",\"reason\":\"bench\",\"pipelineLabel\":\"bench\"}");
    }

    // {port, logging on}; every instance verifies the realm's tokens, as in production
    for (int[] spec : new int[][] {{servingPort, 1}, {noLogPort, 0}}) {
      Map<String, String> env = ServiceEnv.empty().kafka(kafka).oidc(RealParts.keycloak()).toMap();
      env.put("QUARKUS_REST_CLIENT_REGISTRY_URL", reg);
      env.put("CD4ML_SERVING_MODEL", MODEL);
      env.put("CD4ML_SERVING_ENVIRONMENT", "production");
      env.put("CD4ML_SERVING_BENCH_ENDPOINT", "true");
      env.put("CD4ML_SERVING_CACHE_DIR", dir.resolve("cache-" + spec[0]).toString());
      env.put("CD4ML_FLUENTD_HOST", "127.0.0.1");
      env.put("CD4ML_FLUENTD_PORT", Integer.toString(forwardPort));
      env.put("CD4ML_FLUENTD_ENABLED", spec[1] == 1 ? "true" : "false");
      // Experiments: BENCH_SERVING_ENV_X=v reaches both serving processes as X=v.
      System.getenv().forEach((k, v) -> {
        if (k.startsWith("BENCH_SERVING_ENV_")) {
          env.put(k.substring("BENCH_SERVING_ENV_".length()), v);
        }
      });
      ServiceProcess serving = new ServiceProcess("serving-service-" + spec[0],
          ServiceProcess.serviceJar("serving-service"), spec[0], env, dir.resolve("serving-" + spec[0] + ".log"),
          List.of("-Xmx512m", "-XX:+UseParallelGC"));
      processes.add(serving);
      serving.start().awaitReady(Duration.ofSeconds(120));
    }

    writeBodies(dir, DemoModels::row);
    // Real tokens live five minutes: files renewed every 30 s, read by the script at each use.
    Path roleToken = dir.resolve("role.token");
    Path releaseToken = dir.resolve("release-manager.token");
    Thread renew = new Thread(() -> {
      while (true) {
        try {
          writeAtomically(roleToken, dev.cd4ml.fixtures.auth.Tokens.forRole(PREDICTIONS_ROLE));
          writeAtomically(releaseToken, RegistryFixture.token());
          Thread.sleep(30_000);
        } catch (Exception e) {
          return;
        }
      }
    }, "token-renewal");
    renew.setDaemon(true);
    renew.start();
    while (!Files.exists(releaseToken)) {
      Thread.sleep(100);
    }
    Files.writeString(dir.resolve("bench.env"), String.join("\n",
        "SERVING=http://127.0.0.1:" + servingPort,
        "SERVING_NOLOG=http://127.0.0.1:" + noLogPort,
        "PREDICTIONS_ROLE=" + PREDICTIONS_ROLE,
        "ROLE_TOKEN_FILE=" + roleToken,
        "TOKEN_FILE=" + releaseToken,
        "REGISTRY=" + reg,
        "MODEL=" + MODEL,
        "TOKEN=file",
        "VERSION_A=" + a,
        "VERSION_B=" + b,
        "FORWARD_PORT=" + forward.port(),
        "") );
    Path receivedFile = dir.resolve("forward-received.txt");
    Thread counter = new Thread(() -> {
      while (true) {
        try {
          Files.writeString(receivedFile, forward.receivedCount() + "\n");
          Thread.sleep(500);
        } catch (Exception e) {
          return;
        }
      }
    }, "forward-count");
    counter.setDaemon(true);
    counter.start();
    System.out.println("READY " + dir.resolve("bench.env") + " (production v" + b + ", alternate v" + a + ")");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The script reads the token files at any moment: it must never see one half written. */
  private static void writeAtomically(Path file, String content) throws java.io.IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Applies what the control file says (stall, cut, heal) whenever it changes. */
  private static void steer(FaultProxy proxy, Path control) throws java.io.IOException {
    Files.writeString(control, "heal\n");
    Thread t = new Thread(() -> {
      String applied = "heal";
      while (true) {
        try {
          String wanted = Files.readString(control).trim();
          if (!wanted.equals(applied)) {
            switch (wanted) {
              case "stall" -> proxy.stall();
              case "cut" -> proxy.cut();
              default -> proxy.heal();
            }
            applied = wanted;
            System.out.println("forward proxy: " + wanted);
          }
          Thread.sleep(100);
        } catch (Exception e) {
          return;
        }
      }
    }, "forward-fault-control");
    t.setDaemon(true);
    t.start();
  }

  /**
   * For {@code run-bench.sh --local}: the local platform's production instance is already up; write
   * request bodies valid for the model it serves (read from {@code GET /model}) and a bench.env for
   * the promotion run: two versions that have both served production, alternated as the platform's demo
   * release manager (the script signs them in at each stage change: tokens live five minutes). With only one
   * released so far, new data goes to data-service as the demo data writer and the platform's own pipeline
   * (train, test, approve, canary, promote) releases the second, while this sends predictions for its canary analysis. Passwords: {@code .run/keycloak/secrets.properties}.
   */
  private static void local(String serving) throws Exception {
    Path dir = Path.of(System.getenv().getOrDefault("BENCH_DIR", "target/bench")).toAbsolutePath();
    String registry = System.getenv().getOrDefault("BENCH_LOCAL_REGISTRY", "http://127.0.0.1:8083");
    String data = System.getenv().getOrDefault("BENCH_LOCAL_DATA", "http://127.0.0.1:8081");
    String tokenUrl = System.getenv().getOrDefault("BENCH_LOCAL_KEYCLOAK", "http://127.0.0.1:8180")
        + "/realms/" + dev.cd4ml.parts.KeycloakPart.REALM + "/protocol/openid-connect/token";
    Path runDir = Path.of(System.getenv().getOrDefault("CD4ML_RUN_DIR", "../.run"));
    Path secretsFile = runDir.resolve("keycloak/secrets.properties").toAbsolutePath();
    java.util.Properties secrets = new java.util.Properties();
    try (var in = Files.newInputStream(secretsFile)) {
      secrets.load(in);
    }
    Files.createDirectories(dir);
    JsonNode model = getJson(serving + "/model",
        "is the local platform up and its pipeline run through? deploy/local/platform status");
    ModelSignature signature = EventJson.MAPPER.treeToValue(model.get("signature"), ModelSignature.class);
    writeBodies(dir, random -> rowFor(signature, random));
    String name = model.path("model").asText();

    List<Integer> released = released(registry, name);
    if (released.size() < 2) {
      String dataset = model.path("lineage").path("dataset").asText();
      // The platform's own example of new data (seed 2, drift 0.5): the local policy lets its model through.
      System.out.println("== releasing a second version for the promotion run: new " + dataset
          + " data (seed 2, drift 0.5) through the platform's pipeline");
      String dataWriter = "demo-" + dev.cd4ml.contracts.auth.Roles.DATA_WRITER;
      String token = signIn(tokenUrl, dataWriter,
          secrets.getProperty(dev.cd4ml.parts.KeycloakPart.userPasswordKey(dataWriter)));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(data + "/datasets/" + dataset
          + "/versions/generated?rows=20000&seed=2&drift=0.5")).header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("data-service: " + r.statusCode() + " " + r.body());
      }
      // The production pipeline releases it as a canary and waits for the canary's own predictions: traffic meanwhile,
      // varied rows (one repeated row makes canary and primary look drifted apart, and the analysis aborts the canary).
      List<String> rows = new ArrayList<>();
      for (JsonNode features : EventJson.MAPPER.readTree(Files.readString(dir.resolve("batch-10000.json")))) {
        rows.add(EventJson.write(Map.of("features", features)));
      }
      int next = 0;
      for (long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos(); released.size() < 2; ) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no second version reached production within 10 min: see the platform's output");
        }
        for (int i = 0; i < 500; i++) {
          HTTP.send(HttpRequest.newBuilder(URI.create(serving + "/predictions")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(rows.get(next++ % rows.size()))).build(),
              HttpResponse.BodyHandlers.discarding());
        }
        released = released(registry, name);
      }
    }
    int production = getJson(registry + "/models/" + name + "/stages/production", "registry").path("version").asInt();
    int alternate = released.stream().filter(v -> v != production).reduce((first, second) -> second).orElseThrow();
    String releaseManager = "demo-" + dev.cd4ml.contracts.auth.Roles.RELEASE_MANAGER;
    String passwordKey = dev.cd4ml.parts.KeycloakPart.userPasswordKey(releaseManager);
    signIn(tokenUrl, releaseManager, secrets.getProperty(passwordKey)); // fails here, not mid-run, if it cannot
    Files.writeString(dir.resolve("bench.env"), String.join("\n",
        "SERVING=" + serving, "LOCAL=1", "REGISTRY=" + registry, "MODEL=" + name,
        "TOKEN=sign-in", "TOKEN_URL=" + tokenUrl, "TOKEN_USER=" + releaseManager,
        "TOKEN_PASSWORD_FILE=" + secretsFile, "TOKEN_PASSWORD_KEY=" + passwordKey,
        "VERSION_A=" + alternate, "VERSION_B=" + production, ""));
    System.out.println("wrote " + dir.resolve("bench.env") + " for " + name + " v" + production + " (alternate v" + alternate + ")");
  }

  /** A demo user's access token from the local platform's Keycloak (password grant on cd4ml-console, as a person). */
  private static String signIn(String tokenUrl, String username, String password) throws Exception {
    if (password == null) {
      throw new IllegalStateException("no password for " + username + " in .run/keycloak/secrets.properties");
    }
    String form = "grant_type=password&client_id=" + dev.cd4ml.contracts.auth.Roles.Clients.CONSOLE + "&username="
        + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8) + "&password="
        + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("Keycloak refused to sign " + username + " in: " + r.statusCode() + " " + r.body());
    }
    return EventJson.MAPPER.readTree(r.body()).path("access_token").asText();
  }

  /** Versions that have been in production, oldest first (each once). */
  private static List<Integer> released(String registry, String model) throws Exception {
    List<Integer> versions = new ArrayList<>();
    for (JsonNode change : getJson(registry + "/models/" + model + "/history", "registry")) {
      int v = change.path("version").asInt();
      if ("production".equals(change.path("to").asText()) && !versions.contains(v)) {
        versions.add(v);
      }
    }
    return versions;
  }

  private static JsonNode getJson(String url, String hint) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body() + " (" + hint + ")");
    }
    return EventJson.MAPPER.readTree(r.body());
  }

  /** The request bodies run-bench.sh posts: one row (row.json) and a 10,000-row batch as JSON and CSV. */
  private static void writeBodies(Path dir, java.util.function.Function<SplittableRandom, Map<String, Object>> rowSource)
      throws java.io.IOException {
    SplittableRandom random = new SplittableRandom(7);
    Files.writeString(dir.resolve("row.json"), EventJson.write(Map.of("features", rowSource.apply(random))));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(rowSource.apply(random));
    }
    StringBuilder csv = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
    for (Map<String, Object> row : rows) {
      csv.append(String.join(",", row.values().stream().map(String::valueOf).toList())).append('\n');
    }
    Files.writeString(dir.resolve("batch-10000.json"), EventJson.write(rows));
    Files.writeString(dir.resolve("batch-10000.csv"), csv);
  }

  /** A valid row for any signature: numbers in 0..100, categories drawn from the allowed ones. */
  static Map<String, Object> rowFor(ModelSignature signature, SplittableRandom random) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (FeatureSpec f : signature.features()) {
      row.put(f.name(), f.type() == FeatureSpec.FeatureKind.numeric
          ? (Object) (Math.round(random.nextDouble() * 10_000) / 100.0)
          : f.categories().get(random.nextInt(f.categories().size())));
    }
    return row;
  }

  private static int register(String url, Model<?> model) throws Exception {
    return RegistryFixture.register(url, MODEL, TestModels.bytes(model), DemoModels.lineage(System.nanoTime()));
  }

  private static void post(String url, String json) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + RegistryFixture.token())
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
  }
}
