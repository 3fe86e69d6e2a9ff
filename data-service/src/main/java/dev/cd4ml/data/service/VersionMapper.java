package dev.cd4ml.data.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.data.repository.VersionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** JSON of schemas and profiles as stored, and the API view of a version. */
@ApplicationScoped
public class VersionMapper {
  private final ObjectMapper mapper;

  public VersionMapper(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DatasetSchema schema(String json) {
    return read(json, DatasetSchema.class);
  }

  public DatasetProfile profile(String json) {
    return read(json, DatasetProfile.class);
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> parents(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
  }

  public DatasetVersionInfo info(VersionEntity v, DatasetSchema schema, boolean withProfile) {
    JsonNode profile = null;
    if (withProfile) {
      try {
        profile = mapper.readTree(v.profile);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new DatasetVersionInfo(v.dataset, v.versionId, v.number, v.rows, v.byteSize, schema, parents(v.parents),
        v.source, v.message, v.createdAt, v.createdBy, profile);
  }
}
