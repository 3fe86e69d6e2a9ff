package dev.cd4ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** JSON over HTTP to the platform's services; a problem+json answer becomes a one-line failure. */
public final class Api {
  public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The pipeline's own token, sent on every call that names no other (null: none configured). */
  private static volatile Credentials credentials = Credentials.fromEnv(System.getenv(), HTTP);

  private Api() {}

  /** For tests: the credentials every later call uses (null for none). */
  public static void useCredentials(Credentials c) {
    credentials = c;
  }

  public static boolean hasCredentials() {
    return credentials != null;
  }

  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  public static JsonNode get(String url) {
    return expectOk(send(HttpRequest.newBuilder(URI.create(url)).GET(), url));
  }

  public static Answer tryGet(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
  }

  public static JsonNode postJson(String url, Object body, String bearer) {
    return expectOk(tryPostJson(url, body, bearer));
  }

  public static Answer tryPostJson(String url, Object body, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(body)));
    if (bearer != null && !bearer.isBlank()) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b, url);
  }

  public static JsonNode putJson(String url, Object body) {
    return putJson(url, body, null);
  }

  /** With {@code bearer} (null: the pipeline's own token, if any) instead of the pipeline's. */
  public static JsonNode putJson(String url, Object body, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(write(body)));
    if (bearer != null && !bearer.isBlank()) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return expectOk(send(b, url));
  }

  public static JsonNode postFile(String url, Path file, String contentType) {
    try {
      return expectOk(send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofFile(file)), url));
    } catch (java.io.FileNotFoundException e) {
      throw new CliFailure("no such file: " + file);
    }
  }

  public static JsonNode postEmpty(String url) {
    return postEmpty(url, null);
  }

  /** With {@code bearer} (null: the pipeline's own token, if any) instead of the pipeline's. */
  public static JsonNode postEmpty(String url, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    if (bearer != null && !bearer.isBlank()) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return expectOk(send(b, url));
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static String write(Object value) {
    try {
      return value instanceof String s ? s : JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new CliFailure("cannot write JSON: " + e.getMessage());
    }
  }

  private static Answer send(HttpRequest.Builder builder, String url) {
    try {
      HttpRequest request = builder.timeout(Duration.ofMinutes(5)).build();
      Credentials c = credentials;
      if (c != null && request.headers().firstValue("Authorization").isEmpty()) {
        request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + c.token()).build();
      }
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : parse(r.body());
      return new Answer(r.statusCode(), body);
    } catch (ConnectException e) {
      throw new CliFailure("cannot reach " + URI.create(url).resolve("/") + " (is the service running?)");
    } catch (IOException e) {
      throw new CliFailure("request to " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  static JsonNode expectOk(Answer a) {
    if (!a.ok()) {
      throw new CliFailure(problemLine(a));
    }
    return a.body();
  }

  /** "409 Conflict: detail (rule: message; ...)" from a problem+json body. */
  public static String problemLine(Answer a) {
    JsonNode b = a.body();
    StringBuilder line = new StringBuilder().append(a.status());
    if (b.hasNonNull("title")) {
      line.append(' ').append(b.get("title").asText());
    }
    if (b.hasNonNull("detail")) {
      line.append(": ").append(b.get("detail").asText());
    }
    if (b.has("errors") && b.get("errors").isArray() && !b.get("errors").isEmpty()) {
      line.append(" (");
      for (int i = 0; i < b.get("errors").size(); i++) {
        JsonNode e = b.get("errors").get(i);
        if (i > 0) {
          line.append("; ");
        }
        if (e.hasNonNull("row")) {
          line.append("line ").append(e.get("row").asText()).append(e.hasNonNull("column") ? ", " : " ");
        }
        if (e.hasNonNull("column")) {
          line.append("column ").append(e.get("column").asText()).append(' ');
        }
        if (e.hasNonNull("field")) {
          line.append(e.get("field").asText()).append(": ");
        } else if (e.hasNonNull("row") || e.hasNonNull("column")) {
          line.setLength(line.length() - 1);
          line.append(": ");
        }
        line.append(e.path("message").asText());
      }
      line.append(')');
    }
    if (!b.isObject() && !b.isNull()) {
      line.append(' ').append(b.asText());
    }
    return line.toString();
  }
}
