package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.CheckResult;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.registry.repository.ModelCheckEntity;
import dev.cd4ml.registry.repository.ModelVersionEntity;
import dev.cd4ml.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Turns rows into the contract types other services read. */
@ApplicationScoped
public class VersionViews {
  private final ObjectStore store;

  public VersionViews(ObjectStore store) {
    this.store = store;
  }

  public ModelVersionInfo info(ModelVersionEntity v, List<ModelCheckEntity> checks) {
    return new ModelVersionInfo(v.model, v.version, Stage.parse(v.stage), store.uri(v.artifactKey),
        v.artifactSha256, v.artifactSize, lineage(v), checks.stream().map(VersionViews::check).toList(),
        v.registeredAt, v.trafficWeight, v.registeredBy);
  }

  public static ModelLineage lineage(ModelVersionEntity v) {
    return EventJson.read(v.lineage, ModelLineage.class);
  }

  public static CheckResult check(ModelCheckEntity c) {
    return new CheckResult(c.name, c.passed, c.details, c.pipelineLabel, Stage.parse(c.stage), c.recordedAt);
  }
}
