package dev.cd4ml.training.bench;

import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.training.domain.Algorithm;
import dev.cd4ml.training.domain.DatasetLoader;
import dev.cd4ml.training.domain.Evaluation;
import dev.cd4ml.training.domain.LoadedData;
import dev.cd4ml.training.domain.ModelTraining;
import dev.cd4ml.training.domain.TrainingParams;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Training time and peak heap for the demo schema (15 columns) at 30k, 300k and 1M rows, for cart
 * (depth 10) and random-forest (15 trees, depth 10). Each cell runs in its own JVM with -Xmx2g, so
 * a cell that completes fits in 2 GiB and its peak is its own. Not run by the build:
 * <pre>
 *   mvn -q -pl training-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp training-service/target/test-classes:training-service/target/classes:$(cat training-service/target/cp.txt) \
 *     dev.cd4ml.training.bench.TrainingBenchmark [rows,rows,...] [timeoutMinutesPerCell] [cart,random-forest]
 * </pre>
 */
public final class TrainingBenchmark {
  private static final long SEED = 42;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--cell")) {
      cell(Path.of(args[1]), Integer.parseInt(args[2]), Algorithm.fromWireName(args[3]));
      return;
    }
    int[] sizes = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {30_000, 300_000, 1_000_000};
    long timeoutMinutes = args.length > 1 ? Long.parseLong(args[1]) : 10;
    List<Algorithm> algorithms = args.length > 2
        ? java.util.Arrays.stream(args[2].split(",")).map(Algorithm::fromWireName).toList()
        : List.of(Algorithm.values());
    Path dir = Files.createTempDirectory("training-bench");
    List<String> table = new ArrayList<>();
    table.add("| rows | algorithm | CSV MiB | load s | train s | evaluate s | accuracy | ROC AUC | peak heap MiB (-Xmx2g) |");
    table.add("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int rows : sizes) {
      Path csv = dir.resolve("demo-" + rows + ".csv");
      try (OutputStream out = Files.newOutputStream(csv)) {
        DemoData.write(out, rows, SEED);
      }
      for (Algorithm algorithm : algorithms) {
        String result = fork(csv, rows, algorithm, timeoutMinutes);
        String line = String.format(Locale.ROOT, "| %,d | %s | %.1f | %s", rows, algorithm.wireName(),
            Files.size(csv) / 1048576.0, result);
        System.out.println(line);
        table.add(line);
      }
      Files.delete(csv);
    }
    System.out.println();
    System.out.println("Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, each cell in its own JVM (-Xmx2g -XX:+UseParallelGC)");
    table.forEach(System.out::println);
  }

  private static String fork(Path csv, int rows, Algorithm algorithm, long timeoutMinutes) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), TrainingBenchmark.class.getName(), "--cell",
        csv.toString(), Integer.toString(rows), algorithm.wireName());
    Path out = Files.createTempFile("bench-cell", ".txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      return "not run: over " + timeoutMinutes + " min | | | | | |";
    }
    List<String> lines = Files.readAllLines(out);
    for (String l : lines) {
      if (l.startsWith("RESULT ")) {
        return l.substring("RESULT ".length());
      }
    }
    String last = lines.isEmpty() ? "exit " + p.exitValue() : lines.get(lines.size() - 1);
    return "failed: " + (last.contains("OutOfMemoryError") ? "OutOfMemoryError" : last) + " | | | | | |";
  }

  private static void cell(Path csv, int rows, Algorithm algorithm) throws Exception {
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      var memory = ManagementFactory.getMemoryMXBean();
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    TrainingParams params = algorithm == Algorithm.CART ? new TrainingParams(10, 5f, 1f, 1)
        : new TrainingParams(10, 5f, 0.5f, 15);
    long t0 = System.nanoTime();
    LoadedData data;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
      data = DatasetLoader.load(in, DemoData.SCHEMA, null, n -> { }, () -> false);
    }
    long t1 = System.nanoTime();
    ModelTraining.Prepared prepared = ModelTraining.prepare(data, SplitSpec.DEFAULT, SEED, null, "bench");
    Model<Label> model = ModelTraining.train(algorithm, params, SEED, prepared.train());
    long t2 = System.nanoTime();
    Evaluation e = ModelTraining.evaluate(model, prepared, data.mapping().protectedColumns());
    long t3 = System.nanoTime();
    sampler.interrupt();
    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    System.out.printf(Locale.ROOT, "RESULT %.1f | %.1f | %.1f | %.3f | %s | %d |%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        (t3 - t2) / 1e9, e.accuracy(), e.rocAuc() == null ? "–" : String.format(Locale.ROOT, "%.3f", e.rocAuc()),
        peak.get() / 1048576);
  }
}
