package dev.cd4ml.data.bench;

import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.fixtures.parts.ServiceEnv;
import dev.cd4ml.parts.Ports;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.S3Part;
import dev.cd4ml.parts.ServiceProcess;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ingest throughput of the real data-service jar (at -Xmx256m) against a plain S3 PUT of the same
 * file to the same S3 server, in the same run. Not a test: run it by hand (see README), e.g.
 * {@code java -cp <test classpath> dev.cd4ml.data.bench.DataIngestBenchmark 100 1024}
 * (sizes in MB). Kafka and PostgreSQL come from {@link RealParts}; S3 is an S3Proxy on the local
 * file system (RealParts' in-memory S3 would hold every gigabyte in this JVM's heap).
 */
public final class DataIngestBenchmark {
  private static final double MB = 1024.0 * 1024.0;

  public static void main(String[] args) throws Exception {
    List<Integer> sizesMb = new ArrayList<>();
    for (String a : args.length == 0 ? new String[] {"100", "1024"} : args) {
      sizesMb.add(Integer.parseInt(a));
    }
    Path work = Files.createTempDirectory("cd4ml-ingest-bench-");
    S3Part s3 = new S3Part(work.resolve("s3"), 0);
    s3.start();
    int port = Ports.free();
    Map<String, String> env = ServiceEnv.empty().kafka(RealParts.kafka()).postgres(RealParts.postgres(), "data_bench").s3(s3)
        .with("CD4ML_DATA_MAX_UPLOAD_SIZE", "2G")
        .with("CD4ML_DATA_TEMP_DIR", work.resolve("spool").toString())
        .toMap();
    MinioClient minio = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
        .region("us-east-1").build();
    if (!minio.bucketExists(BucketExistsArgs.builder().bucket("plain-put").build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket("plain-put").build());
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> rows = new ArrayList<>();
    try (ServiceProcess service = new ServiceProcess("data-service", ServiceProcess.serviceJar("data-service"), port, env,
        work.resolve("data-service.log"), List.of("-Xmx256m", "-XX:+UseParallelGC"))) {
      service.start();
      Runtime.getRuntime().addShutdownHook(new Thread(service::stop)); // also when interrupted
      service.awaitReady(Duration.ofSeconds(180));
      System.out.println("data-service up at " + service.url() + " (pid " + service.pid() + ", -Xmx256m); log " + service.log());

      // Warm-up: JIT both paths on a small file so the measurement is steady state.
      Path warm = generate(work.resolve("warm.csv"), 20, 999);
      plainPut(minio, warm);
      post(http, service.url(), "warmup", warm);
      Files.delete(warm);

      for (int mb : sizesMb) {
        Path file = generate(work.resolve("data-" + mb + "mb.csv"), mb, mb);
        long bytes = Files.size(file);
        double putSeconds = plainPut(minio, file);
        double postSeconds = post(http, service.url(), "bench-" + mb, file);
        double putRate = bytes / MB / putSeconds;
        double postRate = bytes / MB / postSeconds;
        String row = String.format("| %,d MiB (%,d bytes) | %.1f MB/s (%.1f s) | %.1f MB/s (%.1f s) | %.2f | %s |",
            Math.round(bytes / MB), bytes, putRate, putSeconds, postRate, postSeconds, postRate / putRate,
            peakRss(service.pid()));
        rows.add(row);
        System.out.println(row);
        Files.delete(file);
      }
    }
    System.out.println();
    System.out.println("| CSV | plain S3 PUT (MinIO client) | POST /datasets/{name}/versions | ratio | data-service peak RSS |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf("%ncores: %d, load average at end: %s%n", Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    s3.stop();
    try (var paths = Files.walk(work)) { // gigabytes of S3 objects and generated files
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.exit(0);
  }

  /** Demo data of about {@code mb} MiB, written to disk first so both contenders read the same file. */
  static Path generate(Path file, int mb, long seed) throws Exception {
    long target = mb * 1024L * 1024L;
    long sample;
    try (InputStream in = new DemoDataGenerator(20_000, seed, 0.0)) {
      sample = in.transferTo(OutputStream.nullOutputStream());
    }
    long rows = Math.max(1, Math.round(target / (sample / 20_000.0)));
    long t0 = System.nanoTime();
    try (InputStream in = new DemoDataGenerator(rows, seed, 0.0); OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    System.out.printf("generated %s: %,d rows, %,d bytes in %.1f s%n", file.getFileName(), rows, Files.size(file),
        (System.nanoTime() - t0) / 1e9);
    return file;
  }

  static double plainPut(MinioClient minio, Path file) throws Exception {
    long t0 = System.nanoTime();
    minio.uploadObject(UploadObjectArgs.builder().bucket("plain-put").object(file.getFileName().toString())
        .filename(file.toString()).contentType("text/csv").build());
    return (System.nanoTime() - t0) / 1e9;
  }

  static double post(HttpClient http, String base, String dataset, Path file) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(base + "/datasets/" + dataset + "/versions?label=defaulted&protected=sex,age_band&id=id"))
        .header("Content-Type", "text/csv")
        .timeout(Duration.ofMinutes(30))
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + dataset + " answered " + r.statusCode() + ": " + r.body());
    }
    return seconds;
  }

  private static String peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return line.substring(6).trim();
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return "n/a";
  }
}
