package dev.cd4ml.monitoring.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a labelled prediction becomes a row of the training dataset: the dataset's columns in its
 * order; the label column is the feedback's {@code actual}, the id column the {@code requestId},
 * every other column the input as logged (under {@link PredictionLogFields#featureField}); a value
 * the log does not have is an empty cell (missing, by the platform's value rule).
 */
public record HarvestLayout(List<String> columns, String label, String idColumn) {
  public HarvestLayout {
    columns = List.copyOf(columns);
    if (label == null || !columns.contains(label)) {
      throw new IllegalArgumentException("the label column '" + label + "' is not one of the dataset's columns");
    }
    if (idColumn != null && !columns.contains(idColumn)) {
      throw new IllegalArgumentException("the id column '" + idColumn + "' is not one of the dataset's columns");
    }
  }

  public static HarvestLayout of(DatasetSchema schema) {
    return new HarvestLayout(schema.columns().stream().map(ColumnSpec::name).toList(), schema.label(), schema.idColumn());
  }

  /**
   * The same layout in the order of {@code header} (an appended harvest follows its parent's own
   * header, whatever order the schema lists).
   *
   * @throws IllegalArgumentException when the header does not hold exactly these columns
   */
  public HarvestLayout inOrderOf(List<String> header) {
    if (!new HashSet<>(header).equals(new HashSet<>(columns)) || header.size() != columns.size()) {
      throw new IllegalArgumentException("the parent's header " + header + " does not hold the schema's columns " + columns);
    }
    return new HarvestLayout(header, label, idColumn);
  }

  /** The log fields a row is built from: what a search asks for in {@code _source}. */
  public List<String> sourceFields() {
    Set<String> fields = new LinkedHashSet<>();
    fields.add(PredictionLogFields.REQUEST_ID);
    fields.add(PredictionLogFields.ACTUAL);
    for (String c : columns) {
      if (!c.equals(label) && !c.equals(idColumn)) {
        fields.add(PredictionLogFields.featureField(c));
      }
    }
    return new ArrayList<>(fields);
  }

  public String header() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(quote(columns.get(i)));
    }
    return b.append('\n').toString();
  }

  /** One CSV line (LF-terminated) from a prediction document's {@code _source}. */
  public String row(JsonNode source) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = columns.get(i);
      JsonNode v = c.equals(label) ? source.get(PredictionLogFields.ACTUAL)
          : c.equals(idColumn) ? source.get(PredictionLogFields.REQUEST_ID)
          : source.get(PredictionLogFields.featureField(c));
      b.append(quote(cell(v)));
    }
    return b.append('\n').toString();
  }

  /**
   * A logged value as CSV text: a string as it is; a number in the shortest form that reads back
   * as the same double (a whole number without a fraction, so 41.0 is written 41); absent or null
   * as an empty cell.
   */
  static String cell(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) {
      return "";
    }
    if (v.isNumber()) {
      if (v.isIntegralNumber()) {
        return v.asText();
      }
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        return "";
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    return v.asText();
  }

  /** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
  static String quote(String s) {
    return dev.cd4ml.contracts.csv.CsvWriter.field(s);
  }
}
