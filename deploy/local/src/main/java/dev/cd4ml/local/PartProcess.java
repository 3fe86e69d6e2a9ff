package dev.cd4ml.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One real part (Kafka, S3, PostgreSQL, OpenSearch, forward receiver) in its own JVM via PartMain. */
final class PartProcess {
  private final String part;
  private final List<String> args;
  private final String classpath;
  private final Path log;
  private final String maxHeap;
  private boolean background;
  private Process process;
  private String endpoint;

  PartProcess(String part, List<String> args, String classpath, Path log, String maxHeap) {
    this.part = part;
    this.args = List.copyOf(args);
    this.classpath = classpath;
    this.log = log;
    this.maxHeap = maxHeap;
  }

  /**
   * Runs the part at idle CPU priority (Linux SCHED_IDLE by {@code chrt}, and nice 19, so its time is
   * counted as niced; only {@code nice 19} where chrt is missing): it gets the cores the services leave idle and almost none while they are busy. For
   * work that can wait, the log store: indexing serving's records costs OpenSearch more CPU than
   * serving spends making them, and at nice 19 it still took a tenth of a core under load.
   */
  PartProcess inBackground() {
    this.background = true;
    return this;
  }

  String part() { return part; }
  String endpoint() { return endpoint; }
  long pid() { return process == null ? -1 : process.pid(); }

  PartProcess start() throws IOException {
    // Parts carry a developer's traffic, not a benchmark's: C1 only, so their JIT leaves the cores to
    // the services (C2 compiling was over half of OpenSearch's CPU while it indexed serving's logs).
    List<String> cmd = new ArrayList<>(!background ? List.of()
        : Files.isExecutable(Path.of("/usr/bin/chrt")) ? List.of("/usr/bin/chrt", "--idle", "0", "nice", "-n", "19")
        : List.of("nice", "-n", "19"));
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
        "-cp", classpath, "dev.cd4ml.parts.PartMain", part));
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    return this;
  }

  /** PartMain prints {@code READY <part> <endpoint>} once the part answers its protocol. */
  PartProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(part + " exited with " + process.exitValue() + "; see " + log);
      }
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith("READY " + part)) {
            String[] words = line.split(" ", 3);
            endpoint = words.length > 2 ? words[2] : "";
            return this;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(part + " not ready after " + timeout + "; see " + log);
  }

  void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
