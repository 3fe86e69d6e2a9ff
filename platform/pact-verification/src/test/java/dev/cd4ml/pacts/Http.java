package dev.cd4ml.pacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.fixtures.auth.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The providers' own API, for provider states: what a state needs is made the way a user makes it. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static JsonNode send(HttpRequest.Builder request, int... expectedStatus) {
    try {
      HttpRequest r = request.timeout(Duration.ofSeconds(60)).build();
      HttpResponse<String> answer = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
      if (java.util.Arrays.stream(expectedStatus).noneMatch(s -> s == answer.statusCode())) {
        throw new AssertionError("provider state: " + r.method() + " " + r.uri() + " answered " + answer.statusCode()
            + " (expected " + java.util.Arrays.toString(expectedStatus) + "): " + answer.body());
      }
      return EventJson.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("provider state: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A request with a real token of the test Keycloak ({@link dev.cd4ml.fixtures.auth.Tokens}). */
  static HttpRequest.Builder post(String base, String path, String token) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", Tokens.bearer(token));
  }

  static HttpRequest.Builder postJson(String base, String path, String token, Object body) {
    return post(base, path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(body)));
  }
}
