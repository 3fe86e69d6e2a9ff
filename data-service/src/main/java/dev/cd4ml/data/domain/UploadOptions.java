package dev.cd4ml.data.domain;

import java.util.List;

/**
 * What the uploader says about the data. Null means "not given": a later version then inherits
 * the dataset's current label, protected columns and id column.
 *
 * @param categoricalColumns columns typed categorical whatever their values look like (codes such as
 *                           a postcode or a product number are not quantities); only read when types are
 *                           inferred (first version or allowSchemaChange), else checked against the schema
 */
public record UploadOptions(String label, List<String> protectedColumns, String idColumn, boolean allowSchemaChange,
    List<String> categoricalColumns) {
  public UploadOptions {
    protectedColumns = protectedColumns == null ? null : List.copyOf(protectedColumns);
    categoricalColumns = categoricalColumns == null ? List.of() : List.copyOf(categoricalColumns);
  }

  public UploadOptions(String label, List<String> protectedColumns, String idColumn, boolean allowSchemaChange) {
    this(label, protectedColumns, idColumn, allowSchemaChange, null);
  }
}
