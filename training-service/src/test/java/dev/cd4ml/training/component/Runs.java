package dev.cd4ml.training.component;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers the component tests share: real data-service versions and run polling. */
final class Runs {
  private Runs() {}

  /** A generated demo version in the real data-service (label defaulted, protected sex and age_band). */
  static JsonPath generatedVersion(String dataset, int rows, long seed) {
    return generatedVersion(dataset, rows, seed, 0.0);
  }

  /** As {@link #generatedVersion(String, int, long)}, drifted like production data ({@code drift} in [0, 1]). */
  static JsonPath generatedVersion(String dataset, int rows, long seed, double drift) {
    return given().baseUri(Neighbours.dataUrl())
        .header("Authorization", Tokens.bearer(Tokens.forRole(Roles.DATA_WRITER)))
        .queryParam("rows", rows).queryParam("seed", seed).queryParam("drift", drift)
        .post("/datasets/{name}/versions/generated", dataset)
        .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().jsonPath();
  }

  static String submit(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).post("/training-runs")
        .then().statusCode(202).extract().path("id");
  }

  static JsonPath get(String id) {
    return given().get("/training-runs/{id}", id).then().statusCode(200).extract().jsonPath();
  }

  /** Polls until the run ends; returns every status seen on the way (in order, without repeats) plus the last view. */
  static Observed awaitEnd(String id, Duration timeout) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    List<Long> rowsSeen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonPath run = get(id);
      String status = run.getString("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      rowsSeen.add(run.getLong("progress.rowsLoaded"));
      if (List.of("succeeded", "failed", "cancelled").contains(status)) {
        return new Observed(seen, rowsSeen, run);
      }
      Thread.sleep(25);
    }
    throw new AssertionError("run " + id + " did not end within " + timeout + "; statuses seen " + seen);
  }

  record Observed(List<String> statuses, List<Long> rowsLoaded, JsonPath run) {}
}
