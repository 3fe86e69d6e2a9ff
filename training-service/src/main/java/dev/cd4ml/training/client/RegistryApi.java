package dev.cd4ml.training.client;

import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.File;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

/**
 * registry-service's endpoints as training-service's pact with it states them;
 * used through {@link RegistryClient}.
 */
@RegisterRestClient(configKey = "registry")
// The registry trusts a version's metrics only from training-service's own identity.
@OidcClientFilter
@Path("/models/{name}")
interface RegistryApi {
  @POST
  @Path("/versions")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  ModelVersionInfo register(@PathParam("name") String model,
      @RestForm("artifact") @PartType(MediaType.APPLICATION_OCTET_STREAM) File artifact,
      @RestForm("lineage") @PartType(MediaType.APPLICATION_JSON) ModelLineage lineage);

  /** The version a stage holds; 404 when none does (or the model is unknown). */
  @GET
  @Path("/stages/{stage}")
  @Produces(MediaType.APPLICATION_JSON)
  ModelVersionInfo inStage(@PathParam("name") String model, @PathParam("stage") String stage);

  /** The serialized model, checked by the registry against its SHA-256 while it streams. */
  @GET
  @Path("/versions/{version}/artifact")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  byte[] artifact(@PathParam("name") String model, @PathParam("version") int version);
}
