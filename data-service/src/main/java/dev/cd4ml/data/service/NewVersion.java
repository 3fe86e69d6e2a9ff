package dev.cd4ml.data.service;

import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.dataset.DatasetProfile;
import java.util.List;

/**
 * A checked upload whose content is already in S3, ready to be recorded.
 *
 * @param schema      the inferred schema (its revision is ignored: the writer assigns it)
 * @param basedOnRevision the schema revision the upload was checked against (0 for a new dataset)
 */
public record NewVersion(
    String dataset,
    String id,
    long rows,
    long byteSize,
    DatasetSchema schema,
    int basedOnRevision,
    boolean allowSchemaChange,
    DatasetProfile profile,
    List<String> parents,
    String source,
    String message,
    String createdBy,
    String objectKey) {}
