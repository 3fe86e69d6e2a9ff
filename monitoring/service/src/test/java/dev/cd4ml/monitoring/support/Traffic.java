package dev.cd4ml.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.parts.RealParts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests sent through the real serving path: a CSV batch to serving-service (which logs every
 * row over the forward protocol → spool → OpenSearch), what serving answered for each row, and the
 * window that holds exactly those predictions.
 */
public record Traffic(Instant from, Instant to, List<Map<String, String>> rows, List<Served> served) {

  /** One row's answer: the row it answered (1-based), its request id and the predicted label. */
  public record Served(long row, String requestId, String prediction) {}

  public static Traffic send(List<Map<String, String>> rows) throws InterruptedException {
    Thread.sleep(5); // windows of consecutive batches must not touch
    Instant from = Instant.now();
    String body = MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/predictions/batch?id="
        + DemoDataGenerator.ID, "text/csv", DemoModel.csv(rows), null, 200);
    Instant to = Instant.now().plusMillis(1);
    Thread.sleep(5);
    List<Served> served = new ArrayList<>();
    for (JsonNode r : MonitoredPlatform.json(body)) {
      if (!r.hasNonNull("prediction")) {
        throw new IllegalStateException("serving refused a generated row: " + r);
      }
      served.add(new Served(r.path("row").asLong(), r.path("requestId").asText(), r.path("prediction").asText()));
    }
    if (served.size() != rows.size()) {
      throw new IllegalStateException(served.size() + " answers for " + rows.size() + " rows");
    }
    return new Traffic(from, to, rows, served);
  }

  /** The generator's label of the row serving answered as {@code s}. */
  public String label(Served s) {
    return rows.get((int) s.row() - 1).get(DemoDataGenerator.LABEL);
  }

  public Map<String, String> row(Served s) {
    return rows.get((int) s.row() - 1);
  }

  /** Waits until the index pattern holds {@code count} records of the model (the forward path is asynchronous). */
  public static void awaitIndexed(String indices, long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = indexed(indices);
      if (seen >= count) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(indices + " holds " + seen + " of " + count + " records after " + timeout);
  }

  /** Records of the test model searchable in {@code indices} now (other classes of this JVM may have sent some). */
  public static long indexed(String indices) {
    MonitoredPlatform.send("POST", RealParts.openSearch().httpUrl() + "/" + indices + "/_refresh?ignore_unavailable=true",
        null, null, null, 200, 404);
    String query = "{\"query\":{\"term\":{\"model\":\"" + MonitoredPlatform.MODEL + "\"}}}";
    return MonitoredPlatform.count(RealParts.openSearch().httpUrl() + "/" + indices + "/_count?ignore_unavailable=true",
        query);
  }

}
