package dev.cd4ml.training.client;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.File;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

/** registry-service's registration endpoint as the fixed contract states it; used through {@link RegistryClient}. */
@RegisterRestClient(configKey = "registry")
@Path("/models/{name}/versions")
interface RegistryApi {
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  ModelVersionInfo register(@PathParam("name") String model,
      @RestForm("artifact") @PartType(MediaType.APPLICATION_OCTET_STREAM) File artifact,
      @RestForm("lineage") @PartType(MediaType.APPLICATION_JSON) ModelLineage lineage);
}
