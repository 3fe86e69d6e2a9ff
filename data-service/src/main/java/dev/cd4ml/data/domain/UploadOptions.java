package dev.cd4ml.data.domain;

import java.util.List;

/**
 * What the uploader says about the data. Null means "not given": a later version then inherits
 * the dataset's current label, protected columns and id column.
 */
public record UploadOptions(String label, List<String> protectedColumns, String idColumn, boolean allowSchemaChange) {
  public UploadOptions {
    protectedColumns = protectedColumns == null ? null : List.copyOf(protectedColumns);
  }
}
