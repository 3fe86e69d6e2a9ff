package dev.cd4ml.contracts.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.events.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one consumer relies on from one provider, declared by the consumer (consumer-driven):
 * each interaction's request and the response fields it reads, with their JSON types. Providers
 * verify every contract naming them in a {@code *ContractTest}; dropping or renaming a field a
 * consumer reads fails that provider's build. Event contracts name an event type instead of a
 * request.
 *
 * <p>Field paths: {@code a.b} for nested objects, {@code a[].b} for every element of an array
 * (which must not be empty). Types: string, integer, number, boolean, object, array; a trailing
 * {@code ?} allows null or absent.
 */
public record ConsumerContract(String consumer, String provider, List<Interaction> interactions, List<EventExpectation> events) {

  /**
   * @param given   the provider state to set up first (the provider test maps it to setup code)
   * @param fixture a named request body the provider test builds (multipart, CSV), instead of {@code body}
   * @param requestHeaders headers to send (values may contain {placeholders}, e.g. a bearer token)
   * @param headers response headers that must be present (values may contain {placeholders})
   */
  public record Interaction(String description, String given, String method, String path, Map<String, String> requestHeaders,
      JsonNode body, String fixture, int status, Map<String, String> headers, Map<String, String> fields) {

    /** The text with every {name} replaced by its value from {@code vars}. */
    public static String fill(String text, Map<String, String> vars) {
      String out = text;
      for (Map.Entry<String, String> v : vars.entrySet()) {
        out = out.replace("{" + v.getKey() + "}", v.getValue());
      }
      return out;
    }
  }

  public record EventExpectation(String type, Map<String, String> fields) {}

  /** Every contract under {@code contracts/} on the classpath whose provider is {@code provider}. */
  public static List<ConsumerContract> forProvider(String provider) {
    List<ConsumerContract> result = new ArrayList<>();
    for (String name : index()) {
      ConsumerContract c = load(name);
      if (c.provider().equals(provider)) {
        result.add(c);
      }
    }
    return result;
  }

  static List<String> index() {
    try (InputStream in = ConsumerContract.class.getResourceAsStream("/contracts/index.txt")) {
      return new String(in.readAllBytes()).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ConsumerContract load(String name) {
    try (InputStream in = ConsumerContract.class.getResourceAsStream("/contracts/" + name)) {
      if (in == null) {
        throw new IllegalStateException("contracts/index.txt names a missing file " + name);
      }
      JsonNode root = EventJson.MAPPER.readTree(in);
      List<Interaction> interactions = new ArrayList<>();
      for (JsonNode i : root.path("interactions")) {
        interactions.add(new Interaction(i.path("description").asText(), i.path("given").asText(null),
            i.path("request").path("method").asText("GET"), i.path("request").path("path").asText(),
            strings(i.path("request").path("headers")), i.path("request").get("body"), i.path("request").path("fixture").asText(null),
            i.path("response").path("status").asInt(200), strings(i.path("response").path("headers")),
            strings(i.path("response").path("fields"))));
      }
      List<EventExpectation> events = new ArrayList<>();
      for (JsonNode e : root.path("events")) {
        events.add(new EventExpectation(e.path("type").asText(), strings(e.path("fields"))));
      }
      return new ConsumerContract(root.path("consumer").asText(), root.path("provider").asText(), interactions, events);
    } catch (IOException e) {
      throw new UncheckedIOException("contract " + name + " is not valid JSON", e);
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** Every way {@code body} breaks {@code fields}: a missing path, or a value of another type. */
  public static List<String> violations(JsonNode body, Map<String, String> fields) {
    List<String> violations = new ArrayList<>();
    fields.forEach((path, type) -> check(body, path, path, type, violations));
    return violations;
  }

  private static void check(JsonNode node, String fullPath, String rest, String type, List<String> out) {
    boolean optional = type.endsWith("?");
    String bare = optional ? type.substring(0, type.length() - 1) : type;
    int dot = rest.indexOf('.');
    String head = dot < 0 ? rest : rest.substring(0, dot);
    boolean each = head.endsWith("[]");
    String name = each ? head.substring(0, head.length() - 2) : head;
    JsonNode child = name.isEmpty() ? node : node.get(name);
    if (child == null || child.isNull()) {
      if (!optional) {
        out.add(fullPath + ": missing");
      }
      return;
    }
    if (each) {
      if (!child.isArray() || child.isEmpty()) {
        out.add(fullPath + ": expected a non-empty array at " + name);
        return;
      }
      for (JsonNode element : child) {
        if (dot < 0) {
          checkType(element, fullPath, bare, out);
        } else {
          check(element, fullPath, rest.substring(dot + 1), type, out);
        }
      }
      return;
    }
    if (dot < 0) {
      checkType(child, fullPath, bare, out);
    } else {
      check(child, fullPath, rest.substring(dot + 1), type, out);
    }
  }

  private static void checkType(JsonNode value, String path, String type, List<String> out) {
    boolean ok = switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> throw new IllegalArgumentException("unknown type " + type + " at " + path);
    };
    if (!ok) {
      out.add(path + ": expected " + type + ", got " + value.getNodeType().name().toLowerCase() + " " + value);
    }
  }
}
