package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.registry.domain.ModelOverview;
import dev.cd4ml.registry.domain.StageChange;
import dev.cd4ml.registry.domain.StoredArtifact;
import dev.cd4ml.registry.domain.StageRules;
import dev.cd4ml.registry.repository.ModelCheckEntity;
import dev.cd4ml.registry.repository.ModelVersionEntity;
import dev.cd4ml.registry.repository.RegistryRepository;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read side of the registry. */
@ApplicationScoped
@Transactional
public class RegistryQueries {
  private final RegistryRepository repo;
  private final VersionViews views;

  public RegistryQueries(RegistryRepository repo, VersionViews views) {
    this.repo = repo;
    this.views = views;
  }

  public List<ModelOverview> models() {
    return repo.summaries().stream().map(r -> {
      Map<String, Integer> stages = new LinkedHashMap<>();
      if (r[2] != null) {
        stages.put(Stage.staging.name(), ((Number) r[2]).intValue());
      }
      if (r[3] != null) {
        stages.put(Stage.production.name(), ((Number) r[3]).intValue());
      }
      if (r[4] != null) {
        stages.put(Stage.canary.name(), ((Number) r[4]).intValue());
      }
      return new ModelOverview((String) r[0], r[1] == null ? 0 : ((Number) r[1]).intValue(), stages);
    }).toList();
  }

  public Page<ModelVersionInfo> versions(String model, int page, int size) {
    requireModel(model);
    List<ModelVersionEntity> rows = repo.versions(model, page, size);
    Map<Long, List<ModelCheckEntity>> checks = repo.checks(rows.stream().map(v -> v.id).toList());
    List<ModelVersionInfo> items = rows.stream().map(v -> views.info(v, checks.getOrDefault(v.id, List.of()))).toList();
    return new Page<>(items, page, size, repo.countVersions(model));
  }

  public ModelVersionInfo version(String model, int version) {
    ModelVersionEntity v = entity(model, version);
    return views.info(v, repo.checks(v.id));
  }

  public StoredArtifact artifact(String model, int version) {
    ModelVersionEntity v = entity(model, version);
    return new StoredArtifact(v.model, v.version, v.artifactKey, v.artifactSize, v.artifactSha256);
  }

  private ModelVersionEntity entity(String model, int version) {
    return repo.findVersion(model, version).orElseThrow(() -> repo.modelExists(model)
        ? ProblemException.notFound("model '" + model + "' has no version " + version)
        : ProblemException.notFound("model '" + model + "' is not registered"));
  }

  public ModelVersionInfo inStage(String model, Stage stage) {
    if (!StageRules.isExclusive(stage)) {
      throw ProblemException.badRequest("stage", "stage must be staging, canary or production (archived holds many versions)");
    }
    requireModel(model);
    ModelVersionEntity v = repo.findInStage(model, stage.name())
        .orElseThrow(() -> ProblemException.notFound("no version of '" + model + "' is in " + stage));
    return views.info(v, repo.checks(v.id));
  }

  public List<StageChange> history(String model) {
    requireModel(model);
    return repo.history(model).stream()
        .map(h -> new StageChange(h.model, h.version, h.fromStage, h.toStage, h.actor, h.reason, h.pipelineLabel, h.changedAt,
            h.gate, h.trafficWeight))
        .toList();
  }

  private void requireModel(String model) {
    if (!repo.modelExists(model)) {
      throw ProblemException.notFound("model '" + model + "' is not registered");
    }
  }
}
