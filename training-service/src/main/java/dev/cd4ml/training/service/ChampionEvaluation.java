package dev.cd4ml.training.service;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.training.client.RegistryClient;
import dev.cd4ml.training.domain.Champion;
import dev.cd4ml.training.domain.Evaluation;
import dev.cd4ml.training.domain.ModelTraining;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Measures the model in production on a run's held-out rows. Never fails the run: anything in the
 * way (nothing in production, registry away, unreadable artifact, incompatible signature) gives no
 * champion figures and the reason.
 */
@ApplicationScoped
public class ChampionEvaluation {
  private static final Logger LOG = Logger.getLogger(ChampionEvaluation.class);

  /** What the run records: which champion (or why none) and its figures (empty without one). */
  public record Outcome(Champion champion, Map<String, Double> metrics) {
    static Outcome absent(Integer version, String reason) {
      return new Outcome(Champion.absent(version, reason), Map.of());
    }
  }

  private final RegistryClient registry;

  public ChampionEvaluation(RegistryClient registry) {
    this.registry = registry;
  }

  public Outcome evaluate(String modelName, ModelTraining.Prepared prepared, List<String> protectedColumns) {
    Optional<ModelVersionInfo> production;
    try {
      production = registry.inStage(modelName, Stage.production.name());
    } catch (RuntimeException e) {
      return absent(null, "registry-service could not say which version is in production: " + message(e));
    }
    if (production.isEmpty()) {
      return Outcome.absent(null, "no version of '" + modelName + "' is in production");
    }
    ModelVersionInfo info = production.get();
    int version = info.version();
    Optional<String> incompatible = Champion.incompatibility(
        info.lineage() == null ? null : info.lineage().signature(), prepared.signature());
    if (incompatible.isPresent()) {
      return absent(version, "production version " + version + " cannot be evaluated on this run's data: "
          + incompatible.get());
    }
    byte[] artifact;
    try {
      artifact = registry.artifact(modelName, version);
    } catch (RuntimeException e) {
      return absent(version, "the artifact of production version " + version + " could not be downloaded: " + message(e));
    }
    if (info.artifactSha256() != null && !info.artifactSha256().equals(RunExecution.sha256(artifact))) {
      return absent(version, "the artifact of production version " + version + " does not match its SHA-256");
    }
    Model<Label> model;
    try {
      // The format training writes (serializeToStream), read as serving and the registry read it.
      model = Model.deserializeFromStream(new ByteArrayInputStream(artifact)).castModel(Label.class);
    } catch (Exception | LinkageError e) {
      return absent(version, "the artifact of production version " + version
          + " is not a loadable Tribuo classification model: " + message(e));
    }
    Evaluation evaluation;
    try {
      evaluation = ModelTraining.evaluate(model, prepared, protectedColumns);
    } catch (RuntimeException e) {
      return absent(version, "production version " + version + " could not predict this run's held-out rows: " + message(e));
    }
    return new Outcome(Champion.measured(version, info.lineage() == null ? null : info.lineage().dataVersion()),
        Champion.metrics(version, evaluation));
  }

  private static Outcome absent(Integer version, String reason) {
    LOG.infof("no champion figures: %s", reason);
    return Outcome.absent(version, reason);
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
