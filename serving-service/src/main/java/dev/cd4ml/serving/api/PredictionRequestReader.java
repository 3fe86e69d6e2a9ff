package dev.cd4ml.serving.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads {@code {"features": {...}}} with Jackson's streaming parser straight into the feature map:
 * the general databind path (root deserializer lookup, record creator, untyped map deserializer) was
 * about 9 % of serving's CPU at 25k requests/s. The values are those databind gives an untyped map
 * (String, Integer/Long/BigInteger, Double, Boolean, null, nested maps and lists), other fields are
 * ignored as Quarkus' mapper does, and bad JSON raises the same Jackson exceptions, so the same
 * problem+json answers (with line and column) come back.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class PredictionRequestReader implements ServerMessageBodyReader<PredictionRequest> {
  private final JsonFactory json;

  public PredictionRequestReader(ObjectMapper mapper) {
    this.json = mapper.getFactory();
  }

  @Override
  public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
    return type == PredictionRequest.class;
  }

  @Override
  public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == PredictionRequest.class;
  }

  @Override
  public PredictionRequest readFrom(Class<PredictionRequest> type, Type genericType, MediaType mediaType,
      ServerRequestContext context) throws IOException {
    return read(context.getInputStream());
  }

  @Override
  public PredictionRequest readFrom(Class<PredictionRequest> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
    return read(entityStream);
  }

  /**
   * The request, or null for an empty body (answered as a missing {@code features}). Public for the
   * feature-parity test (platform/feature-parity), which reads JSON as a request would be read.
   */
  public PredictionRequest read(InputStream body) throws IOException {
    try (JsonParser p = json.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        throw MismatchedInputException.from(p, PredictionRequest.class, "the body must be an object {\"features\": {...}}");
      }
      Map<String, Object> features = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if (!"features".equals(name)) {
          p.skipChildren();
        } else if (t == JsonToken.START_OBJECT) {
          features = object(p);
        } else if (t == JsonToken.VALUE_NULL) {
          features = null;
        } else {
          throw MismatchedInputException.from(p, Map.class, "features must be an object of feature values");
        }
      }
      return new PredictionRequest(features);
    }
  }

  private static Map<String, Object> object(JsonParser p) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>(32);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      m.put(name, value(p));
    }
    return m;
  }

  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return object(p);
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        return list;
      }
      default:
        throw MismatchedInputException.from(p, Object.class, "unexpected " + p.currentToken());
    }
  }
}
