package dev.cd4ml.cli.bridge;

import dev.cd4ml.cli.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /go/api/pipelines/{name}/schedule} with the variables, as GoCD's API v1 expects it. */
public final class GoCdScheduler implements PipelineScheduler {
  private final String baseUrl;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public GoCdScheduler(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  static String body(Map<String, String> variables) {
    List<Map<String, String>> env = new ArrayList<>();
    variables.forEach((k, v) -> {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("name", k);
      entry.put("value", v);
      env.add(entry);
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment_variables", env);
    body.put("update_materials_before_scheduling", true);
    return Api.write(body);
  }

  @Override
  public Outcome schedule(String pipeline, Map<String, String> variables) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/go/api/pipelines/" + pipeline + "/schedule"))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/vnd.go.cd.v1+json")
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(variables)))
        .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return switch (r.statusCode()) {
        case 200, 202 -> Outcome.SCHEDULED;
        // 409: a run is already being scheduled; it will not see this version, so try again.
        case 409, 429, 500, 502, 503, 504 -> Outcome.RETRY;
        default -> {
          System.err.printf("[bridge] GoCD refused %s (%d): %s%n", pipeline, r.statusCode(), r.body());
          yield Outcome.REJECTED;
        }
      };
    } catch (IOException e) {
      return Outcome.RETRY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.RETRY;
    }
  }
}
