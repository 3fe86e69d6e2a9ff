package dev.cd4ml.contracts.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A dataset version as data-service serves it ({@code GET /datasets/{name}/versions/{ref}}) and
 * training-service and the pipeline read it.
 *
 * @param id       the SHA-256 of the content (hex), which is also its ETag
 * @param number   per-dataset sequence number (v1 = 1)
 * @param source   upload | feedback | derived
 * @param profile  per-column statistics (see data-service README); null in listings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetVersionInfo(
    String dataset,
    String id,
    int number,
    long rows,
    long byteSize,
    DatasetSchema schema,
    List<String> parents,
    String source,
    String message,
    Instant createdAt,
    String createdBy,
    JsonNode profile) {}
