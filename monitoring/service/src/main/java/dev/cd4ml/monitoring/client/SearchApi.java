package dev.cd4ml.monitoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Elasticsearch REST API (7.10 and later; OpenSearch speaks it too) as far as monitoring uses
 * it; only through {@link SearchClient}. Plain REST: Elastic's Java client refuses OpenSearch.
 */
@RegisterRestClient(configKey = "search")
interface SearchApi {
  @GET
  @Path("/_cluster/health")
  @Produces(MediaType.APPLICATION_JSON)
  JsonNode health();

  @POST
  @Path("/{indices}/_search")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  JsonNode search(@PathParam("indices") String indices, @QueryParam("ignore_unavailable") boolean ignoreUnavailable,
      JsonNode body);

  @POST
  @Path("/_bulk")
  @Consumes("application/x-ndjson")
  @Produces(MediaType.APPLICATION_JSON)
  JsonNode bulk(@QueryParam("refresh") String refresh, String ndjson);
}
