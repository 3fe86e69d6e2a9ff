package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.monitoring.client.DataServiceClient;
import dev.cd4ml.monitoring.domain.Baseline;
import dev.cd4ml.monitoring.domain.Baselines;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline of a served version: model versions and data versions are immutable, so each is
 * fetched once and kept (bounded: the oldest go first).
 */
@ApplicationScoped
public class BaselineService {
  private static final int KEPT = 200;
  private final DataServiceClient data;
  private final ObjectMapper json;
  private final Map<String, Baseline> cache = new ConcurrentHashMap<>();

  public BaselineService(DataServiceClient data, ObjectMapper json) {
    this.data = data;
    this.json = json;
  }

  public Baseline of(ModelVersionInfo version) {
    String key = version.model() + "\u0000" + version.version();
    Baseline known = cache.get(key);
    if (known != null) {
      return known;
    }
    if (version.lineage() == null) {
      throw new IllegalStateException(version.model() + " v" + version.version() + " has no lineage");
    }
    DatasetVersionInfo dv = data.version(version.lineage().dataset(), version.lineage().dataVersion());
    DatasetProfile profile;
    try {
      profile = json.treeToValue(dv.profile(), DatasetProfile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the profile of " + dv.dataset() + "@" + dv.id() + " cannot be read: " + e.getMessage(), e);
    }
    Baseline b = Baselines.of(version, profile);
    if (cache.size() >= KEPT) {
      cache.clear();
    }
    cache.put(key, b);
    return b;
  }
}
