package dev.cd4ml.monitoring.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** data-service's API as monitoring reads it; wrapped by {@link DataServiceClient}. */
@RegisterRestClient(configKey = "data-service")
@Path("/datasets/{name}/versions/{ref}")
interface DataServiceApi {
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Response version(@PathParam("name") String name, @PathParam("ref") String ref);
}
