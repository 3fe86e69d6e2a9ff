package dev.cd4ml.monitoring.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.InputStream;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * data-service's content operations, with their own (longer) timeouts: a version's CSV streamed in,
 * a harvested CSV streamed out from a file. Wrapped by {@link DataServiceClient}.
 */
@RegisterRestClient(configKey = "data-transfer")
// data-service records the uploader from the token: monitoring-service's own (client credentials).
@OidcClientFilter
@Path("/datasets/{name}/versions")
interface DataTransferApi {
  /** Streamed: the REST client hands the body over as it arrives instead of buffering it. */
  @GET
  @Path("/{ref}/content")
  @Produces({"text/csv", MediaType.APPLICATION_JSON})
  InputStream content(@PathParam("name") String name, @PathParam("ref") String ref);

  @POST
  @Consumes("text/csv")
  @Produces(MediaType.APPLICATION_JSON)
  Response upload(@PathParam("name") String name, @QueryParam("parent") String parent,
      @QueryParam("source") String source, @QueryParam("message") String message,
      @HeaderParam("X-Created-By") String createdBy, File csv);
}
