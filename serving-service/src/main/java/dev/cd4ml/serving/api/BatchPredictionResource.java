package dev.cd4ml.serving.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.csv.CsvFormatException;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.RequestIds;
import dev.cd4ml.serving.service.PredictionService;
import dev.cd4ml.serving.service.ServedModel;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.contracts.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Many rows in, results streamed out as they are computed: input is read row by row (JSON array or
 * CSV) and each result is written immediately, so memory does not grow with the batch. The whole
 * batch is predicted by the version served when it started. A bad row yields an error element in
 * place; the other rows are still predicted.
 */
@Path("/predictions/batch")
@RejectionsLogged
@Tag(name = "predictions")
public class BatchPredictionResource {
  private static final String CSV = "text/csv";

  private final PredictionService predictions;
  private final ObjectMapper mapper;
  private final PredictionAccess access;

  public BatchPredictionResource(PredictionService predictions, ObjectMapper mapper, PredictionAccess access) {
    this.predictions = predictions;
    this.mapper = mapper;
    this.access = access;
  }

  @POST
  @Blocking
  @Consumes({MediaType.APPLICATION_JSON, CSV})
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "predictBatch", summary = "Predict many rows",
      description = "Body: a JSON array of feature objects (each either {\"features\": {...}} or the feature object itself), "
          + "or CSV with a header naming the features (the model's label column and the ?id column are allowed and ignored). "
          + "Answer: a JSON array streamed as rows are predicted, one element per row: {row, requestId, prediction, "
          + "probabilities} or {row, errors} for a row that failed validation. Every row is logged like a single prediction. "
          + "Open unless cd4ml.serving.predictions-role names a role the caller's bearer token must hold.",
      extensions = @Extension(name = Roles.CHANGES_NO_STATE, value = "computes predictions and logs them; stores nothing a "
          + "later request reads (open by default; cd4ml.serving.predictions-role requires a role)"))
  @RequestBody(content = {
      @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictionRequest[].class)),
      @Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
  @APIResponse(responseCode = "200", description = "Streamed JSON array of per-row results")
  @APIResponse(responseCode = "401", description = "Only with cd4ml.serving.predictions-role: no token, or one the realm did not issue, expired or forged",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "403", description = "Only with cd4ml.serving.predictions-role: the token lacks that role",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "413", description = "Body larger than cd4ml.serving.max-batch-body-size",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "503", description = "No model loaded yet, or too many batches in progress (uploads-busy, "
      + "before the body is read, with Retry-After)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response batch(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Parameter(description = "CSV only: a column echoed as 'id' in each result (e.g. the dataset's row id)")
      @QueryParam("id") String idColumn) throws IOException {
    access.checkBlocking(); // before a byte of the body is read
    ServedModel served = predictions.served();
    String batchId = RequestIds.next();
    StreamingOutput out;
    if (contentType != null && contentType.toLowerCase().startsWith(CSV)) {
      out = csv(served, body, idColumn, batchId);
    } else {
      out = json(served, body, batchId);
    }
    return Response.ok(out, MediaType.APPLICATION_JSON).header("X-Batch-Id", batchId)
        .header("X-Model-Version", served.model().version()).build();
  }

  private StreamingOutput json(ServedModel served, InputStream body, String batchId) throws IOException {
    JsonParser parser = mapper.createParser(body);
    Item firstItem;
    try {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw ProblemException.badRequest("body", "must be a JSON array of feature objects");
      }
      // The first element is read before the answer starts, so a body broken from the start (malformed,
      // nested too deep) is a 400, not a 200 with an error inside.
      firstItem = Item.read(parser);
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
    }
    return output -> {
      try (JsonGenerator gen = generator(output)) {
        gen.writeStartArray();
        long row = 0;
        Item item = firstItem;
        while (!item.end()) {
          row++;
          long t0 = System.nanoTime();
          if (item.features() == null) {
            writeErrors(gen, batchId, ProblemType.VALIDATION, row, null, List.of(ProblemError.field("[" + (row - 1) + "]", "must be an object")));
          } else {
            Object wrapped = item.features().size() == 1 ? item.features().get("features") : null;
            @SuppressWarnings("unchecked")
            Map<String, Object> features = wrapped instanceof Map<?, ?> m ? (Map<String, Object>) m : item.features();
            InputSchema.Validation v = served.model().schema().validate(features, predictions.policy());
            if (v.valid()) {
              writeResult(gen, row, null, predictions.predictRow(served, v.row(), false, t0, batchId, row));
            } else {
              predictions.rejectedRow();
              writeErrors(gen, batchId, ProblemType.VALIDATION, row, null, v.errors());
            }
          }
          try {
            item = Item.read(parser);
          } catch (JsonProcessingException e) {
            // The answer has started: the rest cannot be read, so the last element says why and the array ends.
            writeErrors(gen, batchId, ProblemType.MALFORMED_JSON, row + 1, null, List.of(ProblemError.field("[" + row + "]",
                "malformed JSON, the rest of the batch was not read: " + e.getOriginalMessage())));
            break;
          }
        }
        gen.writeEndArray();
      } finally {
        parser.close();
      }
    };
  }

  /** One element of a JSON batch: its feature object, null when it is not an object, or the end. */
  private record Item(boolean end, Map<String, Object> features) {
    @SuppressWarnings("unchecked")
    static Item read(JsonParser parser) throws IOException {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        return new Item(true, null);
      }
      if (t == null) {
        throw new JsonParseException(parser, "the JSON array is not closed");
      }
      if (t != JsonToken.START_OBJECT) {
        parser.skipChildren();
        return new Item(false, null);
      }
      return new Item(false, parser.readValueAs(Map.class));
    }
  }

  private StreamingOutput csv(ServedModel served, InputStream body, String idColumn, String batchId) throws IOException {
    CsvReader reader = new CsvReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 65536));
    String[] header;
    try {
      header = reader.next();
    } catch (IOException e) {
      throw ProblemException.badRequest("body", "unreadable CSV: " + e.getMessage());
    }
    if (header == null) {
      throw ProblemException.badRequest("body", "empty CSV: a header row naming the features is required");
    }
    InputSchema schema = served.model().schema();
    Set<String> ignorable = new HashSet<>();
    if (schema.labelColumn() != null) {
      ignorable.add(schema.labelColumn());
    }
    int idIndex = -1;
    if (idColumn != null && !idColumn.isBlank()) {
      ignorable.add(idColumn);
      for (int i = 0; i < header.length; i++) {
        if (header[i].equals(idColumn)) {
          idIndex = i;
        }
      }
      if (idIndex < 0) {
        throw ProblemException.badRequest("id", "no column '" + idColumn + "' in the CSV header");
      }
    }
    List<ProblemError> errors = new ArrayList<>();
    int[] slots = schema.columnSlots(header, ignorable, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("the CSV header does not match the model's features", errors);
    }
    final int idAt = idIndex;
    return output -> {
      try (JsonGenerator gen = generator(output)) {
        gen.writeStartArray();
        long row = 0;
        String[] cells;
        while (true) {
          try {
            cells = reader.next();
          } catch (CsvFormatException e) {
            // The reader is past the broken record: report it as that row's result and go on.
            writeErrors(gen, batchId, ProblemType.MALFORMED_CSV, ++row, null, List.of(ProblemError.at(e.line(), e.field(), e.getMessage())));
            continue;
          } catch (IOException e) {
            writeErrors(gen, batchId, ProblemType.MALFORMED_CSV, row + 1, null, List.of(ProblemError.at(reader.recordLine(), null, e.getMessage())));
            break;
          }
          if (cells == null) {
            break;
          }
          row++;
          long t0 = System.nanoTime();
          String id = idAt >= 0 && idAt < cells.length ? cells[idAt] : null;
          if (cells.length != header.length) {
            writeErrors(gen, batchId, ProblemType.MALFORMED_CSV, row, id, List.of(ProblemError.at(reader.recordLine(), null,
                cells.length + " cells, the header has " + header.length)));
            continue;
          }
          InputSchema.Validation v = schema.validateText(cells, slots, predictions.policy(), reader.recordLine());
          if (v.valid()) {
            writeResult(gen, row, id, predictions.predictRow(served, v.row(), false, t0, batchId, row));
          } else {
            predictions.rejectedRow();
            writeErrors(gen, batchId, ProblemType.VALIDATION, row, id, v.errors());
          }
        }
        gen.writeEndArray();
      }
    };
  }

  private JsonGenerator generator(OutputStream output) throws IOException {
    JsonGenerator gen = mapper.createGenerator(output, JsonEncoding.UTF8);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return gen;
  }

  private static void writeResult(JsonGenerator gen, long row, String id, PredictionService.Result r) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("row", row);
    if (id != null) {
      gen.writeStringField("id", id);
    }
    gen.writeStringField("requestId", r.requestId());
    gen.writeStringField("prediction", r.outcome().label());
    if (r.outcome().probabilities() != null) {
      gen.writeObjectFieldStart("probabilities");
      for (Map.Entry<String, Double> e : r.outcome().probabilities().entrySet()) {
        gen.writeNumberField(e.getKey(), e.getValue());
      }
      gen.writeEndObject();
    }
    if (!r.unknownCategories().isEmpty()) {
      gen.writeArrayFieldStart("unknownCategories");
      for (String s : r.unknownCategories()) {
        gen.writeString(s);
      }
      gen.writeEndArray();
    }
    gen.writeEndObject();
  }

  /** A bad row's element of the answer; the row is also logged as refused (tag cd4ml.rejection). */
  private void writeErrors(JsonGenerator gen, String batchId, ProblemType type, long row, String id,
      List<ProblemError> errors) throws IOException {
    predictions.rejected("/predictions/batch", 200, type.slug(), errors, row, batchId);
    gen.writeStartObject();
    gen.writeNumberField("row", row);
    if (id != null) {
      gen.writeStringField("id", id);
    }
    gen.writeArrayFieldStart("errors");
    for (ProblemError e : errors) {
      gen.writeStartObject();
      if (e.field() != null) {
        gen.writeStringField("field", e.field());
      }
      if (e.row() != null) {
        gen.writeNumberField("line", e.row());
      }
      if (e.column() != null) {
        gen.writeNumberField("column", e.column());
      }
      gen.writeStringField("message", e.message());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }
}
