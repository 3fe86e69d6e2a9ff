package dev.cd4ml.monitoring.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.domain.FeaturePlan;
import dev.cd4ml.monitoring.domain.NumericBins;
import dev.cd4ml.monitoring.domain.Window;
import dev.cd4ml.monitoring.domain.WindowCounts;
import dev.cd4ml.parts.RealParts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's one search request on the real OpenSearch with the platform's index template: every
 * count it reads back equals the count made here, in the JVM, of the same documents — including
 * values on bin edges, outside the training range, missing values, other models, versions,
 * environments and times outside the window.
 */
class PredictionLogQueryComponentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant TO = Instant.parse("2026-12-01T11:00:00Z");
  static final NumericBins INCOME = new NumericBins(new double[] {0, 25, 50, 75, 100});
  static final List<FeaturePlan> PLAN = List.of(
      FeaturePlan.numeric("income", "income", INCOME),
      FeaturePlan.categorical("region", "region", 3));
  static final List<String> LABELS = List.of("yes", "no");
  static String url;
  static final Expected expected = new Expected();

  static final class Expected {
    long predictions;
    long[] income = new long[INCOME.size()];
    long incomeMissing;
    Map<String, Long> region = new HashMap<>();
    long regionMissing;
    Map<String, Map<String, Long>> confusion = new HashMap<>();
    Map<String, Map<String, Long>> sexPredicted = new HashMap<>();
    long shadowCompared;
    long shadowAgreed;
    long unknown;
  }

  @BeforeAll
  static void indexAKnownLog() throws Exception {
    url = RealParts.openSearch().httpUrl();
    Path template = Path.of(System.getProperty("cd4ml.repository.root"), "monitoring/elasticsearch/cd4ml-predictions.index-template.json");
    send("PUT", "/_index_template/cd4ml-predictions", Files.readString(template));
    Random random = new Random(42);
    StringBuilder bulk = new StringBuilder();
    String[] regions = {"north", "south", "east", "west", "far-away"};
    for (int i = 0; i < 3000; i++) {
      boolean other = i % 10 == 0; // written to an index outside the prediction log's pattern
      String model = i % 17 == 0 ? "other-model" : "credit";
      String environment = i % 13 == 0 ? "test" : "production";
      String version = i % 11 == 0 ? "2" : "1";
      Instant at = FROM.plusSeconds(random.nextInt(5400) - 900); // some before, some after the window
      Map<String, Object> doc = new HashMap<>();
      doc.put("requestId", "r" + i);
      doc.put("timestamp", at.toString());
      doc.put("model", model);
      doc.put("environment", environment);
      doc.put("version", version);
      Double income = i % 9 == 0 ? null : switch (i % 7) {
        case 0 -> 25.0;        // on an edge
        case 1 -> 100.0;       // the maximum
        case 2 -> -3.0;        // below the training range
        case 3 -> 130.0;       // above it
        default -> random.nextDouble() * 100;
      };
      if (income != null) {
        doc.put("income", income);
      }
      String region = i % 8 == 0 ? null : regions[random.nextInt(regions.length)];
      if (region != null) {
        doc.put("region", region);
      }
      String sex = random.nextBoolean() ? "female" : "male";
      doc.put("sex", sex);
      String prediction = random.nextInt(3) == 0 ? "yes" : "no";
      doc.put("prediction", prediction);
      String actual = i % 4 == 0 ? (random.nextBoolean() ? "yes" : "no") : null;
      if (actual != null) {
        doc.put("actual", actual);
      }
      if (i % 5 == 0) {
        String shadow = random.nextBoolean() ? "yes" : "no";
        doc.put("shadowVersion", "2");
        doc.put("shadowPrediction", shadow);
        doc.put("shadowAgreement", shadow.equals(prediction));
      }
      if (i % 6 == 0) {
        doc.put("unknownCategories", List.of("region"));
      }
      bulk.append("{\"index\":{\"_index\":\"" + (other ? "unrelated-2026.12.01" : "cd4ml-predictions-2026.12.01") + "\"}}\n").append(JSON.writeValueAsString(doc)).append('\n');

      boolean counted = !other && model.equals("credit") && environment.equals("production") && version.equals("1")
          && !at.isBefore(FROM) && at.isBefore(TO);
      if (!counted) {
        continue;
      }
      expected.predictions++;
      if (income == null) {
        expected.incomeMissing++;
      } else {
        expected.income[INCOME.indexOf(income)]++;
      }
      if (region == null) {
        expected.regionMissing++;
      } else {
        expected.region.merge(region, 1L, Long::sum);
      }
      if (actual != null) {
        expected.confusion.computeIfAbsent(actual, k -> new HashMap<>()).merge(prediction, 1L, Long::sum);
      }
      expected.sexPredicted.computeIfAbsent(sex, k -> new HashMap<>()).merge(prediction, 1L, Long::sum);
      if (doc.containsKey("shadowPrediction")) {
        expected.shadowCompared++;
        if ((Boolean) doc.get("shadowAgreement")) {
          expected.shadowAgreed++;
        }
      }
      if (doc.containsKey("unknownCategories")) {
        expected.unknown++;
      }
    }
    send("POST", "/_bulk?refresh=true", bulk.toString());
  }

  @Test
  void everyCountOfTheWindowIsTheSearchEnginesAndEqualsTheDocumentsCount() throws Exception {
    Window window = new Window("credit", "production", 1, FROM, TO);
    ObjectNode body = PredictionLogQuery.body(window, PLAN, LABELS, List.of("sex"), 10);
    JsonNode response = send("POST", "/cd4ml-predictions-*/_search", body.toString());

    WindowCounts counts = PredictionLogQuery.parse(response, PLAN, List.of("sex"));

    assertThat(counts.predictions()).isEqualTo(expected.predictions).isGreaterThan(500);
    assertThat(counts.features().get("income").bins()).containsExactly(expected.income);
    assertThat(counts.features().get("income").missing()).isEqualTo(expected.incomeMissing);
    assertThat(expected.income[0]).as("values below the training range are counted apart").isPositive();
    assertThat(expected.income[INCOME.size() - 1]).as("and above it").isPositive();
    // three categories one by one, the rest summed
    Map<String, Long> region = counts.features().get("region").categories();
    assertThat(region).hasSize(4).containsKey(WindowCounts.REST);
    assertThat(region.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expected.region.values().stream().mapToLong(Long::longValue).sum());
    region.forEach((k, v) -> {
      if (!k.equals(WindowCounts.REST)) {
        assertThat(v).as(k).isEqualTo(expected.region.get(k));
      }
    });
    assertThat(counts.features().get("region").missing()).isEqualTo(expected.regionMissing);
    assertThat(counts.confusion()).isEqualTo(expected.confusion);
    assertThat(counts.labelled()).isPositive();
    assertThat(counts.groupPredicted().get("sex")).isEqualTo(expected.sexPredicted);
    assertThat(counts.shadowCompared()).isEqualTo(expected.shadowCompared).isPositive();
    assertThat(counts.shadowAgreed()).isEqualTo(expected.shadowAgreed);
    assertThat(counts.unknownCategories()).isEqualTo(expected.unknown).isPositive();
  }

  @Test
  void explanationDriversAreCountedPerFeatureInTheWindowOfTheVersion() throws Exception {
    Path template = Path.of(System.getProperty("cd4ml.repository.root"), "monitoring/elasticsearch/cd4ml-explanations.index-template.json");
    send("PUT", "/_index_template/cd4ml-explanations", Files.readString(template));
    StringBuilder bulk = new StringBuilder();
    String[][] drivers = {{"income", "age"}, {"income"}, {"region", "income"}, {"age"}};
    for (int i = 0; i < drivers.length; i++) {
      Map<String, Object> doc = Map.of("requestId", "e" + i, "timestamp", FROM.plusSeconds(60L * i).toString(),
          "model", "credit", "environment", "production", "version", "1", "prediction", "no",
          "method", "decision-path", "drivers", List.of(drivers[i]));
      bulk.append("{\"index\":{\"_index\":\"cd4ml-explanations-2026.12.01\"}}\n").append(JSON.writeValueAsString(doc)).append('\n');
    }
    // another version and a time outside the window: not counted
    bulk.append("{\"index\":{\"_index\":\"cd4ml-explanations-2026.12.01\"}}\n").append(JSON.writeValueAsString(Map.of(
        "requestId", "x", "timestamp", FROM.plusSeconds(60).toString(), "model", "credit", "environment", "production",
        "version", "2", "drivers", List.of("income")))).append('\n');
    bulk.append("{\"index\":{\"_index\":\"cd4ml-explanations-2026.12.01\"}}\n").append(JSON.writeValueAsString(Map.of(
        "requestId", "y", "timestamp", TO.toString(), "model", "credit", "environment", "production",
        "version", "1", "drivers", List.of("income")))).append('\n');
    send("POST", "/_bulk?refresh=true", bulk.toString());

    JsonNode response = send("POST", "/cd4ml-explanations-*/_search",
        ExplanationQuery.body(new Window("credit", "production", 1, FROM, TO), 13).toString());

    assertThat(ExplanationQuery.sampled(response)).isEqualTo(4);
    assertThat(ExplanationQuery.driverCounts(response)).isEqualTo(Map.of("income", 3L, "age", 2L, "region", 1L));
  }

  static JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.path("errors").asBoolean(false)).as("bulk errors").isFalse();
    return json;
  }
}
