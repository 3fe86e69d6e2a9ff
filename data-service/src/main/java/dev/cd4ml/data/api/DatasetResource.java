package dev.cd4ml.data.api;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.support.auth.Callers;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.data.config.IngestConfig;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.data.domain.StoredVersion;
import dev.cd4ml.data.domain.UploadOptions;
import dev.cd4ml.data.service.DatasetQueries;
import dev.cd4ml.data.service.IngestService;
import dev.cd4ml.data.service.UploadRequest;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.objectstore.ObjectStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/datasets")
@Tag(name = "datasets", description = "Datasets and their immutable, content-addressed versions")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
  private final IngestService ingest;
  private final DatasetQueries queries;
  private final ObjectStore store;
  private final IngestConfig config;
  private final SecurityIdentity identity;

  public DatasetResource(IngestService ingest, DatasetQueries queries, ObjectStore store, IngestConfig config,
      SecurityIdentity identity) {
    this.identity = identity;
    this.ingest = ingest;
    this.queries = queries;
    this.store = store;
    this.config = config;
  }

  @POST
  @Path("/{name}/versions")
  @Consumes({"text/csv", "text/plain", "application/octet-stream"})
  @RolesAllowed(Roles.DATA_WRITER)
  @Operation(operationId = "uploadDatasetVersion", summary = "Upload a version",
      description = "Needs role data-writer; the uploader recorded as createdBy is the token's actor. Streams a CSV body (optionally Content-Encoding: gzip). The version id is the SHA-256 of the "
          + "decoded bytes; the same bytes again return the existing version (200). The first version fixes the "
          + "schema; a later one with another schema is refused (422) unless allowSchemaChange=true.")
  @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "201", description = "New version created",
      headers = @Header(name = "Location", description = "The version's URL", schema = @Schema(type = SchemaType.STRING)),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetVersionInfo.class)))
  @APIResponse(responseCode = "200", description = "These bytes already are a version of this dataset",
      headers = @Header(name = "Location", description = "The version's URL", schema = @Schema(type = SchemaType.STRING)),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetVersionInfo.class)))
  @APIResponse(responseCode = "400", description = "Malformed CSV (ragged rows, bad quoting, non-UTF-8, empty, header only, "
      + "duplicate column names) or bad parameters; errors list line and column",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "413", description = "Larger than the configured limit",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "422", description = "Missing label column, a row without a label, a label with more than "
      + "50 classes, non-numeric value in a numeric column, "
      + "or another schema without allowSchemaChange (the exact difference is listed)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "The object store is unavailable, or too many uploads are in progress "
      + "(uploads-busy, before the body is read); nothing stored, Retry-After says when to try again",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response upload(
      @PathParam("name") String name,
      @Parameter(description = "Target column (required for the first version)") @QueryParam("label") String label,
      @Parameter(description = "Comma-separated columns watched for fairness, e.g. sex,age_band") @QueryParam("protected") String protectedColumns,
      @Parameter(description = "Optional row-id column, never a feature") @QueryParam("id") String idColumn,
      @Parameter(description = "Why this version exists") @QueryParam("message") String message,
      @Parameter(description = "Version(s) this one derives from: comma-separated ids, numbers or 'latest', of this "
          + "dataset or, as dataset@ref, of another one") @QueryParam("parent") String parent,
      @Parameter(description = "Accept another schema and record a new schema revision") @QueryParam("allowSchemaChange") @DefaultValue("false") boolean allowSchemaChange,
      @Parameter(description = "upload | feedback | derived") @QueryParam("source") @DefaultValue("upload") String source,
      @Parameter(description = "Comma-separated columns typed categorical whatever their values look like (codes, "
          + "e.g. a numeric region code); read when types are inferred") @QueryParam("categorical") String categorical,
      @HeaderParam("Content-Encoding") String contentEncoding,
      @HeaderParam("Content-Length") Long contentLength,
      InputStream body) {
    boolean gzip = false;
    if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
      if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
        throw new ProblemException(ProblemType.UNSUPPORTED_ENCODING,
            "Content-Encoding '" + contentEncoding + "' is not supported: send identity or gzip");
      }
      gzip = true;
    }
    UploadRequest req = new UploadRequest(name,
        new UploadOptions(blankToNull(label), list(protectedColumns), idColumn, allowSchemaChange, list(categorical)),
        parent == null ? List.of() : list(parent), source, message, Callers.actor(identity), contentLength, gzip);
    return respond(ingest.ingest(req, body));
  }

  @POST
  @Path("/{name}/versions/generated")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.DATA_WRITER)
  @Operation(operationId = "generateDatasetVersion", summary = "Create a version from the demo data generator",
      description = "Needs role data-writer; createdBy is the token's actor. A seeded credit-default dataset (15 columns, label 'defaulted' yes|no, protected sex and age_band) "
          + "streamed through the normal upload path. drift in [0,1] shifts the distributions like production data "
          + "drifts. Same rows, seed and drift give the same bytes, hence the same version (200).")
  @APIResponse(responseCode = "201", description = "New version created",
      headers = @Header(name = "Location", description = "The version's URL", schema = @Schema(type = SchemaType.STRING)),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetVersionInfo.class)))
  @APIResponse(responseCode = "200", description = "This generated content already is a version",
      headers = @Header(name = "Location", description = "The version's URL", schema = @Schema(type = SchemaType.STRING)),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetVersionInfo.class)))
  @APIResponse(responseCode = "422", description = "The generated schema does not fit the dataset's schema",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response generate(
      @PathParam("name") String name,
      @QueryParam("rows") @DefaultValue("10000") long rows,
      @QueryParam("seed") @DefaultValue("42") long seed,
      @QueryParam("drift") @DefaultValue("0") double drift,
      @QueryParam("label") @DefaultValue(DemoDataGenerator.LABEL) String label,
      @QueryParam("protected") @DefaultValue("sex,age_band") String protectedColumns,
      @QueryParam("id") @DefaultValue(DemoDataGenerator.ID) String idColumn,
      @QueryParam("message") String message,
      @QueryParam("parent") String parent,
      @QueryParam("allowSchemaChange") @DefaultValue("false") boolean allowSchemaChange,
      @QueryParam("source") @DefaultValue("upload") String source) {
    if (rows < 1 || rows > config.maxGeneratedRows()) {
      throw ProblemException.badRequest("rows", "rows must be between 1 and " + config.maxGeneratedRows());
    }
    if (!(drift >= 0 && drift <= 1)) {
      throw ProblemException.badRequest("drift", "drift must be between 0 and 1");
    }
    String msg = message != null ? message : "generated rows=" + rows + " seed=" + seed + " drift=" + drift;
    UploadRequest req = new UploadRequest(name,
        new UploadOptions(blankToNull(label), list(protectedColumns), idColumn, allowSchemaChange),
        parent == null ? List.of() : list(parent), source, msg, Callers.actor(identity), null, false);
    return respond(ingest.ingest(req, new DemoDataGenerator(rows, seed, drift)));
  }

  @GET
  @Operation(operationId = "listDatasets", summary = "List datasets")
  @APIResponse(responseCode = "200", description = "All datasets, by name",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = DatasetSummary.class)))
  public List<DatasetSummary> datasets() {
    return queries.datasets().stream().map(DatasetSummary::of).toList();
  }

  @GET
  @Path("/{name}")
  @Operation(operationId = "getDataset", summary = "One dataset")
  public DatasetSummary dataset(@PathParam("name") String name) {
    return DatasetSummary.of(queries.summary(name));
  }

  @GET
  @Path("/{name}/versions")
  @Operation(operationId = "listDatasetVersions", summary = "List versions, newest first (without profiles), one page at a time")
  public Page<DatasetVersionInfo> versions(@PathParam("name") String name,
      @Parameter(description = "0-based page") @QueryParam("page") @DefaultValue("0") int page,
      @Parameter(description = "1..200") @QueryParam("size") @DefaultValue("20") int size) {
    return queries.versions(name, page, size);
  }

  @GET
  @Path("/{name}/versions/{ref}")
  @Operation(operationId = "getDatasetVersion", summary = "One version with its schema and profile",
      description = "ref = the SHA-256 id, the number (3 or v3) or 'latest'")
  public DatasetVersionInfo version(@PathParam("name") String name, @PathParam("ref") String ref) {
    return queries.version(name, ref);
  }

  @GET
  @Path("/{name}/versions/{ref}/content")
  @Produces("text/csv")
  @Operation(operationId = "downloadDatasetVersionContent", summary = "Download a version's CSV, streamed", description = "ETag is the quoted SHA-256 (= version id); "
      + "If-None-Match with it gives 304.")
  @APIResponse(responseCode = "200", description = "The CSV bytes",
      headers = @Header(name = "ETag", description = "The quoted SHA-256 (= version id)", schema = @Schema(type = SchemaType.STRING)),
      content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched)",
      headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(responseCode = "404", description = "No such dataset or version",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "The object store is unavailable",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response content(@PathParam("name") String name, @PathParam("ref") String ref,
      @HeaderParam("If-None-Match") String ifNoneMatch) {
    StoredVersion v = queries.stored(name, ref);
    String etag = "\"" + v.id() + "\"";
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      return Response.notModified().header("ETag", etag).build();
    }
    InputStream in;
    try {
      in = store.get(v.objectKey());
    } catch (Exception e) {
      throw ProblemException.unavailable("s3", "could not read the content: " + e.getMessage());
    }
    return Response.ok(in, "text/csv")
        .header("ETag", etag)
        .header("Content-Length", v.byteSize())
        .header("Content-Disposition", "attachment; filename=\"" + name + "-v" + v.number() + ".csv\"")
        .build();
  }

  @GET
  @Path("/{name}/diff")
  @Operation(operationId = "diffDatasetVersions", summary = "Diff two versions: schema, row counts, per-column profile deltas (to - from)")
  public VersionDiff diff(@PathParam("name") String name, @QueryParam("from") String from, @QueryParam("to") String to) {
    return VersionDiff.of(queries.diff(name, from, to));
  }

  private static Response respond(IngestService.Outcome o) {
    DatasetVersionInfo info = o.info();
    if (o.created()) {
      return Response.created(URI.create("/datasets/" + info.dataset() + "/versions/" + info.id())).entity(info).build();
    }
    return Response.ok(info).header("Location", "/datasets/" + info.dataset() + "/versions/" + info.id()).build();
  }

  private static List<String> list(String csv) {
    if (csv == null) {
      return null;
    }
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

}
