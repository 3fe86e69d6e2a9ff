package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.registry.domain.LineageValidator;
import dev.cd4ml.registry.domain.ModelNames;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registration: validate everything first, then put the artifact on S3, then one transaction for
 * the row and its event. S3 down → 503 and no row; database failure after the put → the object is
 * removed again (unless another version refers to the same bytes).
 */
@ApplicationScoped
public class RegistrationService {
  private static final Logger LOG = Logger.getLogger(RegistrationService.class);

  private final ObjectStore store;
  private final RegistryStore registry;
  private final RegistryMetrics metrics;

  public RegistrationService(ObjectStore store, RegistryStore registry, RegistryMetrics metrics) {
    this.store = store;
    this.registry = registry;
    this.metrics = metrics;
  }

  /** @param artifact the uploaded file, or null when the part is missing */
  public Registered register(String model, Path artifact, ModelLineage lineage, String actor) {
    ModelNames.problem(model).ifPresent(p -> {
      throw ProblemException.badRequest("name", p);
    });
    List<ProblemError> missing = new ArrayList<>(LineageValidator.validate(lineage));
    if (artifact == null) {
      missing.add(0, ProblemError.field("artifact", "the artifact part (the serialized Tribuo model) is required"));
    }
    if (!missing.isEmpty()) {
      throw ProblemException.unprocessable(
          "The registration is incomplete: " + missing.size() + " field(s) missing or invalid; nothing was stored.", missing);
    }
    ArtifactInspector.load(artifact);
    String sha256 = ArtifactInspector.sha256(artifact);
    long size;
    String key = ModelNames.artifactKey(model, sha256);
    try (InputStream in = Files.newInputStream(artifact)) {
      size = Files.size(artifact);
      store.put(key, in, size, "application/octet-stream", Map.of("sha256", sha256, "model", model));
    } catch (Exception e) {
      LOG.warnf("S3 put of %s failed: %s", key, e.toString());
      throw ProblemException.unavailable("s3", "the artifact could not be stored; nothing was stored. Retry later.");
    }
    try {
      Registered result = registry.register(model, lineage, key, sha256, size, actor);
      metrics.registration(result.created() ? "created" : "existing");
      return result;
    } catch (RuntimeException e) {
      // With the database away, asking it again would double the client's wait: the object stays, a
      // harmless content-addressed leftover that a retry of the same bytes reuses.
      if (dev.cd4ml.support.problem.DependencyOutage.of(e).isEmpty()) {
        cleanUp(model, key);
      }
      throw e;
    }
  }

  private void cleanUp(String model, String key) {
    try {
      if (registry.removeUnreferenced(model, key)) {
        LOG.infof("removed %s after the failed registration", key);
      }
    } catch (Exception e) {
      // Harmless leftover: content-addressed, no row refers to it, a later upload of the same bytes reuses it.
      LOG.warnf("could not remove %s after the failed registration: %s", key, e.toString());
    }
  }
}
