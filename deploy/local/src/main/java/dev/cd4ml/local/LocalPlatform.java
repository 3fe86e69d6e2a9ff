package dev.cd4ml.local;

import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.pipeline.Approver;
import dev.cd4ml.parts.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Starts the whole platform on this machine without Docker: the real parts as separate JVMs
 * (Kafka KRaft, S3Proxy on a file store, PostgreSQL, OpenSearch, Keycloak with the platform's realm, a
 * forward-protocol receiver that indexes into OpenSearch), then the six service processes (monitoring-service once data and registry
 * answer), waits until each is ready, prints
 * where everything is, and stops it all on Ctrl-C / SIGTERM.
 *
 * <p>Usage: {@code LocalPlatform <repo-dir> [--clean] [--no-pipeline] [--approve-as NAME | --ask]
 * [--port-offset N] [--exit-when-ready]}
 */
public final class LocalPlatform {
  private final Path runDir;
  private final Layout layout;
  private final String partsClasspath;
  private final Path indexTemplates;
  private final Path realmFile;
  private final List<PartProcess> parts = new ArrayList<>();
  private final List<ServiceProcess> services = new ArrayList<>();

  LocalPlatform(Layout layout, String partsClasspath, Path indexTemplates, Path realmFile) {
    this.layout = layout;
    this.runDir = layout.runDir();
    this.partsClasspath = partsClasspath;
    this.indexTemplates = indexTemplates;
    this.realmFile = realmFile;
  }

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    List<String> flags = List.of(args).subList(Math.min(1, args.length), args.length);
    Path runDir = Path.of(System.getenv().getOrDefault("CD4ML_RUN_DIR", repo.resolve(".run").toString()));
    if (flags.contains("--clean")) {
      deleteRecursively(runDir);
    }
    Files.createDirectories(runDir.resolve("logs"));
    String classpath = repo.resolve("deploy/local/target/classes") + ":"
        + Files.readString(repo.resolve("deploy/local/target/parts-classpath.txt")).trim();
    int offset = Integer.parseInt(option(flags, "--port-offset", System.getenv().getOrDefault("CD4ML_PORT_OFFSET", "0")));
    LocalData workload;
    try {
      workload = LocalData.parse(flags);
    } catch (IllegalArgumentException e) {
      System.err.println("[platform] " + e.getMessage());
      System.exit(2);
      return;
    }
    Layout layout = new Layout(offset, LocalSecrets.loadOrCreate(runDir.resolve("secrets.properties")), runDir, workload);
    LocalPlatform platform = new LocalPlatform(layout, classpath, repo.resolve("monitoring/elasticsearch"),
        repo.resolve("deploy/keycloak/cd4ml-realm.json"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      platform.stop();
      stopped.countDown();
    }, "local-platform-stop"));
    Files.writeString(runDir.resolve("launcher.pid"), Long.toString(ProcessHandle.current().pid()));
    long t0 = System.nanoTime();
    try {
      platform.start();
    } catch (Exception e) {
      System.err.println("local platform failed to start: " + e.getMessage());
      System.exit(1);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    platform.printSummary(seconds);
    if (!flags.contains("--no-pipeline")) {
      Approver approver = flags.contains("--ask") ? new FileApprover(runDir.resolve("approvals"))
          : Approver.commandLine(option(flags, "--approve-as", System.getProperty("user.name")));
      LocalPipeline pipeline = new LocalPipeline(repo, layout, approver, gitRevision(repo));
      Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
      System.out.println();
      System.out.println("[platform] running the pipeline once (gocd/*.gocd.yaml: cd4ml-model -> cd4ml-test -> cd4ml-production)");
      String dataVersion;
      try {
        dataVersion = pipeline.latestDataVersion();
      } catch (CliFailure e) {
        // data-service refused the user's file: its problem names line and column; it stored nothing.
        System.err.println("[platform] " + e.getMessage());
        System.exit(1);
        return;
      }
      boolean released = pipeline.run(dataVersion);
      pipeline.startBridge();
      if (released) {
        System.out.println();
        System.out.println("A model is in production. Ask it:");
        System.out.println("  " + pipeline.exampleCurl());
      }
      System.out.println("New dataset versions of '" + workload.dataset() + "' now run the pipeline, e.g.:");
      String dataWriter = "demo-" + dev.cd4ml.contracts.auth.Roles.DATA_WRITER;
      System.out.println("  " + LocalKeycloak.of(layout).tokenCommand(dataWriter) + "   # as " + dataWriter);
      if (workload.isDemo()) {
        System.out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" '" + Layout.url(layout.data()) + "/datasets/"
            + workload.dataset() + "/versions/generated?rows=20000&seed=2&drift=0.5'");
        System.out.println("Close the feedback loop (drifted traffic, ground truth, alert, harvest, retrain, release), from"
            + " another terminal:");
        System.out.println("  " + (layout.offset() == 0 ? "" : "CD4ML_PORT_OFFSET=" + layout.offset() + " ")
            + "deploy/local/platform demo feedback-loop");
      } else {
        System.out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: text/csv' --data-binary @NEW.csv '"
            + Layout.url(layout.data()) + "/datasets/" + workload.dataset() + "/versions'");
      }
      if (flags.contains("--exit-when-ready")) {
        System.exit(released ? 0 : 1);
      }
    } else if (flags.contains("--exit-when-ready")) {
      System.exit(0);
    }
    System.out.println("Running. Ctrl-C (or deploy/local/platform stop) stops everything.");
    stopped.await();
  }

  private static String option(List<String> flags, String name, String fallback) {
    int i = flags.indexOf(name);
    return i >= 0 && i + 1 < flags.size() ? flags.get(i + 1) : fallback;
  }

  private static String gitRevision(Path repo) {
    try {
      Process git = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "local";
    } catch (IOException e) {
      return "local";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "local";
    }
  }

  void start() throws Exception {
    LocalSecrets secrets = layout.secrets();
    Path logs = runDir.resolve("logs");
    step("starting parts: kafka, s3, postgres, opensearch, keycloak, forward receiver");
    parts.add(new PartProcess("kafka", List.of("--port", "" + layout.kafka(), "--dir", dir("kafka")),
        partsClasspath, logs.resolve("kafka.log"), "384m"));
    parts.add(new PartProcess("s3", List.of("--port", "" + layout.s3(), "--dir", dir("s3"),
        "--access-key", secrets.s3AccessKey(), "--secret-key", secrets.s3SecretKey()),
        partsClasspath, logs.resolve("s3.log"), "192m"));
    parts.add(new PartProcess("postgres", List.of("--port", "" + layout.postgres(), "--dir", dir("postgres"),
        "--databases", String.join(",", Layout.databases())), partsClasspath, logs.resolve("postgres.log"), "64m"));
    // The log store works in the background: under load, serving keeps the cores; the forward part
    // spools what it cannot index yet (as Fluentd's file buffer does) and indexes it when they are idle.
    parts.add(new PartProcess("opensearch", List.of("--port", "" + layout.openSearch(), "--dir", dir("opensearch")),
        partsClasspath, logs.resolve("opensearch.log"), "512m").inBackground());
    // Every service verifies its tokens (realm deploy/keycloak/cd4ml-realm.json); the client secrets and demo
    // passwords made up at the first start stay in .run/keycloak/secrets.properties. Keycloak runs as PartMain's
    // child on a Java 21+ JDK and is the slowest part to start (~30 s): it starts beside the others.
    parts.add(new PartProcess("keycloak", List.of("--port", "" + layout.keycloak(), "--dir", dir("keycloak"),
        "--realm-file", realmFile.toString()),
        partsClasspath, logs.resolve("keycloak.log"), "48m"));
    for (PartProcess p : parts) {
      p.start();
    }
    for (PartProcess p : parts) {
      p.awaitReady(Duration.ofSeconds(p.part().equals("keycloak") ? 300 : 90));
      step("  " + p.part() + " ready at " + p.endpoint());
    }
    // The forward receiver indexes into OpenSearch, typed by the monitoring index templates, so it
    // starts once OpenSearch answers. It takes messages at normal priority (a copy into its spool, so
    // serving never has to drop) and decodes and indexes them at idle priority, on its own threads.
    PartProcess forward = new PartProcess("forward", List.of("--port", "" + layout.forward(), "--dir", dir("forward"),
        "--opensearch-url", "http://127.0.0.1:" + layout.openSearch(),
        "--index-templates", indexTemplates.toString()),
        partsClasspath, logs.resolve("forward.log"), "128m");
    parts.add(forward);
    forward.start().awaitReady(Duration.ofSeconds(30));
    step("  forward ready at " + forward.endpoint());

    step("starting services");
    Map<String, ServiceProcess> started = new HashMap<>();
    for (Layout.Service s : layout.services()) {
      for (String before : s.after()) {
        step("  " + s.name() + " waits for " + before);
        started.get(before).awaitStarted(Duration.ofSeconds(120));
      }
      ServiceProcess process = new ServiceProcess(s.name(), ServiceProcess.serviceJar(s.module()), s.port(), s.env(),
          logs.resolve(s.name() + ".log"), s.jvmOptions());
      services.add(process);
      started.put(s.name(), process);
      process.start();
    }
    ExecutorService waiters = Executors.newFixedThreadPool(services.size());
    try {
      List<Future<ServiceProcess>> ready = new ArrayList<>();
      for (ServiceProcess s : services) {
        ready.add(waiters.submit(() -> s.awaitStarted(Duration.ofSeconds(120))));
      }
      for (Future<ServiceProcess> f : ready) {
        step("  " + f.get().name() + " up at " + f.get().url());
      }
    } finally {
      waiters.shutdownNow();
    }
  }

  void printSummary(double seconds) {
    LocalSecrets secrets = layout.secrets();
    System.out.println();
    System.out.printf("CD4ML local platform up in %.1f s (run directory %s)%n%n", seconds, runDir);
    System.out.printf("%-22s %-45s %s%n", "WHAT", "WHERE", "NOTES");
    for (ServiceProcess s : services) {
      System.out.printf("%-22s %-45s %s%n", s.name(), s.url() + "/q/swagger-ui", "ready: " + s.readiness());
    }
    System.out.printf("%-22s %-45s %s%n", "monitoring page", Layout.url(layout.monitoring()) + "/",
        "every model: versions served, drift, fairness, online accuracy, explanations, harvests (in a browser)");
    System.out.printf("%-22s %-45s %s%n", "monitoring report", monitoringReportUrl(layout),
        "drift, fairness, online accuracy of " + layout.workload().model() + " in production (history: .../reports)");
    System.out.printf("%-22s %-45s %s%n", "kafka", "127.0.0.1:" + layout.kafka(),
        "topics cd4ml.datasets, cd4ml.training-runs, cd4ml.models, cd4ml.monitoring");
    System.out.printf("%-22s %-45s %s%n", "s3", "http://127.0.0.1:" + layout.s3(),
        "access key " + secrets.s3AccessKey() + ", secret " + secrets.s3SecretKey());
    System.out.printf("%-22s %-45s %s%n", "postgresql", "jdbc:postgresql://127.0.0.1:" + layout.postgres() + "/{" + String.join(",", Layout.databases()) + "}",
        "user " + Layout.DB_USER + " / " + Layout.DB_PASSWORD);
    System.out.printf("%-22s %-45s %s%n", "opensearch", "http://127.0.0.1:" + layout.openSearch(), "indices cd4ml-predictions-*, cd4ml-feedback-*, cd4ml-explanations-*, cd4ml-rejections-*, cd4ml-monitoring-*");
    System.out.printf("%-22s %-45s %s%n", "fluentd forward", "127.0.0.1:" + layout.forward(),
        "tags cd4ml.prediction, cd4ml.feedback, cd4ml.explanation, cd4ml.rejection");
    LocalKeycloak keycloak = layout.identities();
    System.out.printf("%-22s %-45s %s%n", "keycloak", keycloak.issuer(), "realm cd4ml; admin console "
        + Layout.url(layout.keycloak()) + "/admin (user admin)");
    System.out.printf("%-22s %-45s %s%n", "demo users", String.join(", ", demoUsers()),
        "one role each; passwords (CD4ML_KC_PASSWORD_<ROLE>), client secrets and KEYCLOAK_ADMIN_PASSWORD in "
            + keycloak.secretsFile());
    System.out.printf("%-22s %-45s %s%n", "pipeline identity", "client " + dev.cd4ml.contracts.auth.Roles.Clients.PIPELINE,
        "staging and checks, never production; production: " + LocalKeycloak.RELEASE_MANAGER + " once the approval is given");
    System.out.printf("%nlogs: %s%n", runDir.resolve("logs"));
    System.out.printf("peak memory of the whole platform: %d MiB (sum of each process's peak RSS)%n", peakMemoryMiB());
  }

  static List<String> demoUsers() {
    return dev.cd4ml.contracts.auth.Roles.ALL.stream().map(r -> "demo-" + r).toList();
  }

  /** monitoring-service's report on the demo model as production serves it (default window: the last hour). */
  static String monitoringReportUrl(Layout layout) {
    return Layout.url(layout.monitoring()) + "/monitoring/models/" + layout.workload().model()
        + "/report?environment=production";
  }

  /** Sum of VmHWM (peak resident set) over this launcher and every process it started, their children included. */
  static long peakMemoryMiB() {
    long kib = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
        .mapToLong(p -> vmHwmKiB(p.pid())).sum();
    return kib / 1024;
  }

  private static long vmHwmKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended meanwhile, or no /proc: it adds nothing
    }
    return 0;
  }

  synchronized void stop() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).stop();
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).stop();
    }
    services.clear();
    parts.clear();
    try {
      Files.deleteIfExists(runDir.resolve("launcher.pid"));
    } catch (IOException ignored) {
      // best effort
    }
  }

  private String dir(String name) throws IOException {
    Path d = runDir.resolve(name);
    Files.createDirectories(d);
    return d.toString();
  }

  private static void step(String message) {
    System.out.println("[platform] " + message);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
