package dev.cd4ml.training.client;

import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** data-service's REST API as the fixed contract states it; used only through {@link DataServiceClient}. */
@RegisterRestClient(configKey = "data-service")
@Path("/datasets/{name}/versions/{ref}")
interface DataServiceApi {
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  DatasetVersionInfo version(@PathParam("name") String name, @PathParam("ref") String ref);

  /** Streamed: the REST client hands the body over as it arrives instead of buffering it. */
  @GET
  @Path("/content")
  @Produces({"text/csv", MediaType.APPLICATION_JSON})
  InputStream content(@PathParam("name") String name, @PathParam("ref") String ref);
}
