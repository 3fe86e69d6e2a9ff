package dev.cd4ml.serving.client;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** registry-service's API as serving uses it (see the cross-service API); wrapped by {@link RegistryClient}. */
@RegisterRestClient(configKey = "registry")
@Path("/models/{name}")
interface RegistryApi {

  @GET
  @Path("/stages/{stage}")
  @Produces(MediaType.APPLICATION_JSON)
  Response stage(@PathParam("name") String name, @PathParam("stage") String stage);

  @GET
  @Path("/versions/{version}")
  @Produces(MediaType.APPLICATION_JSON)
  Response version(@PathParam("name") String name, @PathParam("version") int version);

  @GET
  @Path("/versions/{version}/artifact")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  Response artifact(@PathParam("name") String name, @PathParam("version") int version);
}
