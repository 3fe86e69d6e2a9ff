package dev.cd4ml.support.openapi;

import dev.cd4ml.contracts.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.info.License;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import java.util.List;
import java.util.Map;

/**
 * Documents the error responses every operation can give as problem+json, so each resource only
 * annotates its specific ones (409, 422, ...), and keeps the document valid OpenAPI 3.1 (a header
 * declared without a type gets a string schema). Registered with {@code mp.openapi.filter}.
 */
public class ProblemResponsesFilter implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    License license = openAPI.getInfo() == null ? null : openAPI.getInfo().getLicense();
    if (license != null && license.getName() != null && license.getIdentifier() == null && license.getUrl() == null) {
      // OpenAPI 3.1 wants an SPDX identifier or a URL next to the name; the services name theirs by SPDX id.
      license.identifier(license.getName());
    }
    if (openAPI.getComponents() == null) {
      openAPI.components(OASFactory.createComponents());
    }
    anyJsonForJsonNode(openAPI);
    openAPI.getComponents().addSchema("ProblemError", OASFactory.createSchema()
        .type(List.of(Schema.SchemaType.OBJECT))
        .addProperty("field", string("Field, parameter or rule the error is about"))
        .addProperty("row", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).description("1-based line"))
        .addProperty("column", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).description("1-based column"))
        .addProperty("message", string("What is wrong")));
    openAPI.getComponents().addSchema("Problem", OASFactory.createSchema()
        .type(List.of(Schema.SchemaType.OBJECT))
        .description("RFC 9457 problem details")
        .addProperty("type", string("Problem type URI, one of the platform's catalogue (ProblemType)")
            .enumeration(java.util.Arrays.stream(dev.cd4ml.contracts.problem.ProblemType.values())
                .map(t -> (Object) t.uri().toString()).toList()))
        .addProperty("title", string("Short summary"))
        .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
        .addProperty("detail", string("What went wrong in this occurrence"))
        .addProperty("instance", string("Request path"))
        .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
            .items(OASFactory.createSchema().ref("ProblemError")))
        .addProperty("errorCount", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))));
    if (openAPI.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      boolean hasPathParam = path.getKey().contains("{");
      for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
        APIResponses responses = op.getValue().getResponses();
        if (responses == null) {
          responses = OASFactory.createAPIResponses();
          op.getValue().responses(responses);
        }
        boolean takesInput = op.getValue().getRequestBody() != null
            || (op.getValue().getParameters() != null && !op.getValue().getParameters().isEmpty());
        if (takesInput) {
          addIfMissing(responses, "400", "Invalid input: each bad field, row or column is listed");
        }
        if (hasPathParam) {
          addIfMissing(responses, "404", "Not found");
        }
        // What the HTTP layer answers for every operation, whatever the resource does.
        addIfMissing(responses, "405", "This path does not take that method (the Allow header lists those it takes)");
        addIfMissing(responses, "406", "None of the media types in Accept can be produced");
        if (op.getValue().getRequestBody() != null) {
          addIfMissing(responses, "408", "The body arrived slower than the minimum rate (or stalled) and the request "
              + "was ended; nothing of it was kept");
          addIfMissing(responses, "413", "The body is larger than the limit that applies to this operation");
          addIfMissing(responses, "415", "The body's Content-Type (or Content-Encoding) is not accepted");
        }
        if (op.getValue().getSecurity() != null && !op.getValue().getSecurity().isEmpty()) {
          // Secured operations (Quarkus adds the requirement to each @RolesAllowed / @Authenticated one).
          addIfMissing(responses, "401", "No bearer token, or one that is expired, wrongly signed or from another issuer");
          addIfMissing(responses, "403", "The token's roles do not allow this operation");
        }
        addIfMissing(responses, "500", "Unexpected error (no stack trace is returned)");
        // Any operation may meet its database (or object store) away: 503 naming it, with Retry-After.
        addIfMissing(responses, "503", "A dependency (the database, the object store, another service) is unavailable; retry after Retry-After seconds");
        typeUntypedHeaders(responses);
      }
    }
  }

  /**
   * A Jackson {@code JsonNode} field holds any JSON value, but the scanner describes the Java class (its
   * isArray/isObject getters): declare it as what it is on the wire.
   */
  private static void anyJsonForJsonNode(OpenAPI openAPI) {
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    if (schemas == null || !schemas.containsKey("JsonNode")) {
      return;
    }
    openAPI.getComponents().addSchema("JsonNode", OASFactory.createSchema().description("Any JSON value"));
    openAPI.getComponents().removeSchema("JsonNodeType");
    // The scanner also puts "type: object" next to each reference to it; an array is as valid a JsonNode.
    for (Schema schema : openAPI.getComponents().getSchemas().values()) {
      untypeJsonNodeReferences(schema, 0);
    }
  }

  private static void untypeJsonNodeReferences(Schema schema, int depth) {
    if (schema == null || depth > 32) {
      return;
    }
    if (schema.getRef() != null && schema.getRef().endsWith("/JsonNode")) {
      schema.setType(null);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> untypeJsonNodeReferences(p, depth + 1));
    }
    untypeJsonNodeReferences(schema.getItems(), depth + 1);
    untypeJsonNodeReferences(schema.getAdditionalPropertiesSchema(), depth + 1);
  }

  /** OpenAPI 3.1 requires a schema or content on every header object; a bare header is a string. */
  private static void typeUntypedHeaders(APIResponses responses) {
    if (responses.getAPIResponses() == null) {
      return;
    }
    for (APIResponse response : responses.getAPIResponses().values()) {
      if (response.getHeaders() == null) {
        continue;
      }
      for (Header header : response.getHeaders().values()) {
        if (header.getRef() == null && header.getSchema() == null && header.getContent() == null) {
          header.schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)));
        }
      }
    }
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
  }

  private static void addIfMissing(APIResponses responses, String code, String description) {
    APIResponse existing = responses.getAPIResponse(code);
    if (existing != null && existing.getContent() != null) {
      return;
    }
    MediaType problem = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"));
    Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
    APIResponse response = existing != null ? existing.content(content)
        : OASFactory.createAPIResponse().description(description).content(content);
    if (response.getDescription() == null) {
      response.description(description);
    }
    responses.addAPIResponse(code, response);
  }
}
