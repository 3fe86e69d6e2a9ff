package dev.cd4ml.monitoring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.monitoring.domain.FeaturePlan;
import dev.cd4ml.monitoring.domain.NumericBins;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.domain.WindowCounts;
import dev.cd4ml.monitoring.repository.PredictionLogQuery;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.parts.OpenSearchPart;
import dev.cd4ml.parts.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The report's one aggregation request ({@link PredictionLogQuery#body}) timed on a real OpenSearch
 * holding 100k, 1M, 3M logged predictions of the demo data's 13 features (the platform's predictions
 * index template; every record in the window, the worst case): median of 3 at each size, and the
 * projection to 10M from the last two sizes. Run by {@code bench/run-bench.sh}.
 *
 * <pre>java -cp ... dev.cd4ml.monitoring.bench.ReportBenchmark [sizes, default 100000,1000000,3000000]</pre>
 */
public final class ReportBenchmark {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-12-02T00:00:00Z");
  static final int BULK = 5000;
  /** Distinct synthetic rows, cycled (their timestamps, ids and predictions differ). */
  static final int DISTINCT = 50_000;

  public static void main(String[] args) throws Exception {
    long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100000,1000000,3000000").split(","))
        .mapToLong(Long::parseLong).sorted().toArray();
    Path root = Path.of(System.getProperty("cd4ml.repository.root", "../.."));
    Path dir = Files.createTempDirectory("cd4ml-report-bench-");
    OpenSearchPart search = new OpenSearchPart(dir, Ports.free());
    search.start();
    String url = search.httpUrl();
    try {
      send(url, "PUT", "/_index_template/cd4ml-predictions",
          Files.readString(root.resolve("monitoring/elasticsearch/cd4ml-predictions.index-template.json")));
      List<Map<String, String>> rows = DemoModel.rows(DemoData.csv(DISTINCT, 1, 0.0));
      List<FeaturePlan> plan = plan(rows);
      Window window = new Window("credit", "production", 1, FROM, TO);
      ObjectNode body = PredictionLogQuery.body(window, plan, List.of("no", "yes"), DemoDataGenerator.PROTECTED, 50);
      System.out.printf("OpenSearch %s, %d cores, heap %d MiB; %d features (%d numeric with %d bins)%n", url,
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, plan.size(),
          plan.stream().filter(FeaturePlan::numeric).count(), plan.get(0).bins().size());
      long loaded = 0;
      List<double[]> results = new ArrayList<>(); // size, median ms, took ms
      for (long size : sizes) {
        long t0 = System.nanoTime();
        load(url, rows, loaded, size);
        send(url, "POST", "/cd4ml-predictions-*/_refresh", "");
        double loadS = (System.nanoTime() - t0) / 1e9;
        loaded = size;
        JsonNode warm = send(url, "POST", "/cd4ml-predictions-*/_search?request_cache=false", body.toString());
        WindowCounts counts = PredictionLogQuery.parse(warm, plan, DemoDataGenerator.PROTECTED);
        if (counts.predictions() != size) {
          throw new IllegalStateException("the window holds " + counts.predictions() + " of " + size);
        }
        double[] ms = new double[3];
        double[] took = new double[3];
        for (int i = 0; i < 3; i++) {
          long s = System.nanoTime();
          JsonNode r = send(url, "POST", "/cd4ml-predictions-*/_search?request_cache=false", body.toString());
          ms[i] = (System.nanoTime() - s) / 1e6;
          took[i] = r.path("took").asDouble();
        }
        Arrays.sort(ms);
        Arrays.sort(took);
        results.add(new double[] {size, ms[1], took[1]});
        System.out.printf(Locale.ROOT, "%,10d predictions: report query median %,8.0f ms (OpenSearch took %,8.0f ms; runs %s); "
            + "loaded in %.0f s%n", size, ms[1], took[1], Arrays.toString(ms), loadS);
      }
      if (results.size() >= 2) {
        double[] a = results.get(results.size() - 2);
        double[] b = results.get(results.size() - 1);
        double perMillion = (b[1] - a[1]) / ((b[0] - a[0]) / 1e6);
        double at10m = b[1] + perMillion * (10_000_000 - b[0]) / 1e6;
        System.out.printf(Locale.ROOT, "growth %,.0f ms per million predictions; projected at 10,000,000: %,.0f ms "
            + "(proportional to the count, the pessimistic bound: %,.0f ms)%n", perMillion, at10m, b[1] * 10_000_000 / b[0]);
      }
    } finally {
      search.stop();
    }
  }

  /** Ten bins per numeric feature on the sample's deciles (as a profile's histogram would have). */
  static List<FeaturePlan> plan(List<Map<String, String>> rows) {
    List<FeaturePlan> plan = new ArrayList<>();
    for (String f : DemoModel.NUMERIC) {
      double[] v = rows.stream().map(r -> r.get(f)).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).sorted().toArray();
      double[] edges = new double[11];
      for (int i = 0; i <= 10; i++) {
        edges[i] = v[Math.min(v.length - 1, i * v.length / 10)];
      }
      double[] distinct = Arrays.stream(edges).distinct().toArray();
      plan.add(FeaturePlan.numeric(f, f, new NumericBins(distinct)));
    }
    DemoModel.CATEGORIES.forEach((f, values) -> plan.add(FeaturePlan.categorical(f, f, values.size())));
    return plan;
  }

  /** Records {@code from} to {@code to}, in bulks of {@value #BULK} from two threads. */
  static void load(String url, List<Map<String, String>> rows, long from, long to) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> sent = new ArrayList<>();
    long span = TO.toEpochMilli() - FROM.toEpochMilli();
    for (long start = from; start < to; start += BULK) {
      long s = start;
      long e = Math.min(to, start + BULK);
      sent.add(pool.submit(() -> {
        StringBuilder bulk = new StringBuilder(BULK * 600);
        for (long i = s; i < e; i++) {
          Map<String, String> row = rows.get((int) (i % rows.size()));
          ObjectNode doc = JSON.createObjectNode();
          doc.put("requestId", "r" + i);
          doc.put("timestamp", Instant.ofEpochMilli(FROM.toEpochMilli() + (i * 7919) % span).toString());
          doc.put("environment", "production");
          doc.put("model", "credit");
          doc.put("version", "1");
          for (String f : DemoModel.NUMERIC) {
            if (!row.get(f).isEmpty()) {
              doc.put(f, Double.parseDouble(row.get(f)));
            }
          }
          for (String f : DemoModel.CATEGORIES.keySet()) {
            doc.put(f, row.get(f));
          }
          String prediction = (i % 5 == 0) ? "yes" : "no";
          doc.put("prediction", prediction);
          doc.putObject("probabilities").put("yes", prediction.equals("yes") ? 0.7 : 0.2)
              .put("no", prediction.equals("yes") ? 0.3 : 0.8);
          doc.put("latencyMs", 0.4);
          if (i % 10 == 0) {
            doc.put("actual", row.get(DemoDataGenerator.LABEL));
            doc.put("labelledAt", "2026-12-02T01:00:00Z");
          }
          bulk.append("{\"index\":{\"_index\":\"cd4ml-predictions-2026.12.01\"}}\n").append(doc).append('\n');
        }
        JsonNode r = send(url, "POST", "/_bulk", bulk.toString());
        if (r.path("errors").asBoolean()) {
          throw new IllegalStateException("bulk errors: " + r.toString().substring(0, 500));
        }
        return null;
      }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    pool.shutdown();
  }

  static JsonNode send(String url, String method, String path, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(10))
          .header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
