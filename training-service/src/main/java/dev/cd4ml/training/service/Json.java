package dev.cd4ml.training.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON columns of the run table, written and read with the service's own ObjectMapper. */
@ApplicationScoped
public class Json {
  private final ObjectMapper mapper;

  public Json(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Object value) {
    try {
      return value == null ? null : mapper.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode tree(String json) {
    try {
      return json == null ? null : mapper.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public <T> T read(String json, Class<T> type) {
    try {
      return json == null ? null : mapper.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public <T> T read(String json, TypeReference<T> type) {
    try {
      return json == null ? null : mapper.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Object> map(String json) {
    Map<String, Object> m = read(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    return m == null ? new LinkedHashMap<>() : m;
  }

  public Map<String, Double> doubles(String json) {
    Map<String, Double> m = read(json, new TypeReference<LinkedHashMap<String, Double>>() {});
    return m == null ? null : m;
  }

  public Map<String, Long> longs(String json) {
    Map<String, Long> m = read(json, new TypeReference<LinkedHashMap<String, Long>>() {});
    return m == null ? new LinkedHashMap<>() : m;
  }
}
