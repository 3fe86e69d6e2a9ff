package dev.cd4ml.monitoring.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** registry-service's API as monitoring reads it; wrapped by {@link RegistryClient}. */
@RegisterRestClient(configKey = "registry")
@Path("/models")
interface RegistryApi {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Response models();

  @GET
  @Path("/{name}/stages/{stage}")
  @Produces(MediaType.APPLICATION_JSON)
  Response stage(@PathParam("name") String name, @PathParam("stage") String stage);

  @GET
  @Path("/{name}/history")
  @Produces(MediaType.APPLICATION_JSON)
  Response history(@PathParam("name") String name);

  @GET
  @Path("/{name}/versions/{version}")
  @Produces(MediaType.APPLICATION_JSON)
  Response version(@PathParam("name") String name, @PathParam("version") int version);
}
