package dev.cd4ml.contracts.dataset;

/** One column of a dataset schema, with its inferred type. */
public record ColumnSpec(String name, ColumnType type) {
  public enum ColumnType { numeric, categorical }
}
