package dev.cd4ml.parts;

import java.io.IOException;
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

/**
 * A built Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as its own JVM, the way
 * it runs in production: used by the local platform and by component tests that need a real
 * neighbour service (e.g. training-service's tests run the real registry-service).
 */
public final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final Path jar;
  private final int port;
  private final Map<String, String> env;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;

  public ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log, List<String> jvmOptions) {
    this.name = name;
    this.jar = jar;
    this.port = port;
    this.env = new LinkedHashMap<>(env);
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** The jar of a service module of this repository, found from any module's working directory. */
  public static Path serviceJar(String module) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      if (Files.exists(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(module + " is not built: run mvn -pl " + module + " package first");
  }

  public String name() { return name; }
  public int port() { return port; }
  public String url() { return "http://127.0.0.1:" + port; }
  public Path log() { return log; }

  public synchronized ServiceProcess start() throws IOException {
    if (isRunning()) {
      return this;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Files.createDirectories(log.getParent());
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    return this;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Waits until {@code /q/health/ready} answers 200; fails early when the process dies. */
  public ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
    return await("/q/health/ready", timeout);
  }

  /**
   * Waits until {@code /q/health/live} answers 200: the service runs, though it may not be ready
   * (serving is ready only once a model is in its stage).
   */
  public ServiceProcess awaitStarted(Duration timeout) throws InterruptedException {
    return await("/q/health/live", timeout);
  }

  /** The readiness body's status: "UP", "DOWN" or "unreachable". */
  public String readiness() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? "UP" : "DOWN";
    } catch (IOException e) {
      return "unreachable";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unreachable";
    }
  }

  private ServiceProcess await(String path, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!isRunning()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
        last = r.body();
      } catch (IOException e) {
        last = e.getMessage();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " " + path + " not UP after " + timeout + ": " + last + "; see " + log);
  }

  /** SIGTERM, so Quarkus shuts down gracefully; SIGKILL after 10 s. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
