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
  private final Duration requestTimeout;
  private final HttpClient http;

  /** @param requestTimeout how long one attempt may take (connect and answer): a GoCD that hangs counts as away */
  public GoCdScheduler(String baseUrl, String token, Duration requestTimeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
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
        .timeout(requestTimeout)
        .header("Accept", "application/vnd.go.cd.v1+json")
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(variables)))
        .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      Outcome outcome = outcome(r.statusCode());
      if (outcome != Outcome.SCHEDULED) {
        System.err.printf("[bridge] GoCD answered %d to scheduling %s%s: %s%n", r.statusCode(), pipeline,
            outcome == Outcome.RETRY ? " (will retry)" : "", r.body().strip());
      }
      return outcome;
    } catch (IOException e) {
      System.err.printf("[bridge] GoCD at %s unreachable: %s%n", baseUrl, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
      return Outcome.RETRY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.RETRY;
    }
  }

  /**
   * Accepted (202; 200 from older servers), refused for good (a 4xx: unknown pipeline, undeclared
   * variable, bad token — sending it again cannot help), or worth another attempt: 409 (a run is
   * being scheduled right now and would not see this version), 408 and 429 (GoCD asks to come back),
   * a 5xx, or anything else a proxy in front of GoCD may answer while it is away.
   */
  static Outcome outcome(int status) {
    if (status == 200 || status == 202) {
      return Outcome.SCHEDULED;
    }
    if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 429) {
      return Outcome.REJECTED;
    }
    return Outcome.RETRY;
  }
}
