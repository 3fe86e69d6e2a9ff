package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.service.ModelManager;
import dev.cd4ml.serving.service.ServedModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/model")
@Tag(name = "model", description = "What is served")
public class ModelResource {
  private final ModelManager models;

  public ModelResource(ModelManager models) {
    this.models = models;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "getServedModel", summary = "The served model",
      description = "Version, lineage summary, when it was loaded, its signature, the shadow (if any) and the last failed load. "
          + "Before the first load, version is absent and registryStatus says why.")
  @APIResponse(responseCode = "200", description = "The served model",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelView.class)))
  public ModelView model() {
    ServedModel served = models.current();
    ServedModel shadow = models.shadow();
    ModelView.ShadowView shadowView = shadow == null ? null : new ModelView.ShadowView(shadow.model().version(),
        shadow.model().kind().name(), shadow.model().loadedAt());
    ServedModel canary = models.canary();
    ModelView.CanaryView canaryView = canary == null ? null : new ModelView.CanaryView(canary.model().version(),
        models.canaryWeight(), canary.model().kind().name(), canary.model().loadedAt());
    String env = models.config().environment().name();
    if (served == null) {
      return new ModelView(models.config().model(), null, models.stage().name(), env, null, null, null, null, null,
          null, null, null, shadowView, canaryView, models.lastLoadError(), models.stageStatus());
    }
    LoadedModel m = served.model();
    ModelLineage l = m.info().lineage();
    ModelView.LineageSummary lineage = l == null ? null : new ModelView.LineageSummary(l.trainingRunId(), l.dataset(),
        l.dataVersion(), l.codeRevision(), l.algorithm(), l.params(), l.seed(), l.metrics());
    return new ModelView(m.name(), m.version(), models.stage().name(), env, m.kind().name(), m.info().artifactSha256(),
        m.info().registeredAt(), m.loadedAt(), lineage, l == null ? null : l.signature(), m.labels(),
        m.hasProbabilities(), shadowView, canaryView, models.lastLoadError(), models.stageStatus());
  }
}
