package dev.cd4ml.contracts.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays every interaction its consumers declared against a running provider and lists what
 * does not hold. A provider's {@code *ContractTest} asserts the list is empty.
 */
public final class ProviderVerifier {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Sets up a named provider state and returns the values its placeholders take ({model}, {version}, ...). */
  @FunctionalInterface
  public interface States {
    Map<String, String> setUp(String given) throws Exception;
  }

  /** Builds a named request body the JSON contract cannot hold (multipart, CSV); sets its Content-Type. */
  @FunctionalInterface
  public interface Fixtures {
    HttpRequest.BodyPublisher body(String fixture, Map<String, String> vars, HttpRequest.Builder request) throws Exception;
  }

  private ProviderVerifier() {}

  public static List<String> verify(String provider, String baseUrl, States states, Fixtures fixtures) {
    List<String> failures = new ArrayList<>();
    List<ConsumerContract> contracts = ConsumerContract.forProvider(provider);
    if (contracts.isEmpty()) {
      failures.add("no consumer contract names " + provider);
    }
    for (ConsumerContract contract : contracts) {
      for (ConsumerContract.Interaction i : contract.interactions()) {
        String where = contract.consumer() + " -> " + provider + ": " + i.description();
        try {
          failures.addAll(verify(where, i, baseUrl, states.setUp(i.given() == null ? "no state" : i.given()), fixtures));
        } catch (Exception e) {
          failures.add(where + ": " + e);
        }
      }
    }
    return failures;
  }

  private static List<String> verify(String where, ConsumerContract.Interaction i, String baseUrl, Map<String, String> vars,
      Fixtures fixtures) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + ConsumerContract.Interaction.fill(i.path(), vars)))
        .timeout(Duration.ofSeconds(60));
    i.requestHeaders().forEach((k, v) -> request.header(k, ConsumerContract.Interaction.fill(v, vars)));
    HttpRequest.BodyPublisher body;
    if (i.fixture() != null) {
      body = fixtures.body(i.fixture(), vars, request);
    } else if (i.body() != null) {
      body = HttpRequest.BodyPublishers.ofString(ConsumerContract.Interaction.fill(i.body().toString(), vars));
    } else {
      body = HttpRequest.BodyPublishers.noBody();
    }
    HttpResponse<String> response = HTTP.send(request.method(i.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    List<String> failures = new ArrayList<>();
    if (response.statusCode() != i.status()) {
      failures.add(where + ": status " + response.statusCode() + ", expected " + i.status() + " (" + abbreviate(response.body()) + ")");
      return failures;
    }
    i.headers().forEach((name, value) -> {
      String expected = ConsumerContract.Interaction.fill(value, vars);
      String actual = response.headers().firstValue(name).orElse(null);
      if (!expected.equals(actual)) {
        failures.add(where + ": header " + name + " is " + actual + ", expected " + expected);
      }
    });
    if (!i.fields().isEmpty()) {
      JsonNode json;
      try {
        json = EventJson.MAPPER.readTree(response.body());
      } catch (IOException e) {
        failures.add(where + ": body is not JSON: " + abbreviate(response.body()));
        return failures;
      }
      ConsumerContract.violations(json, i.fields()).forEach(v -> failures.add(where + ": " + v));
    }
    return failures;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
