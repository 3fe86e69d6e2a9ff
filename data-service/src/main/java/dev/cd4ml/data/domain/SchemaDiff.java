package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The exact difference between two schemas: columns added, removed or retyped, and a changed
 * label, id column or set of protected columns. Column order is not part of a schema (readers
 * address columns by name).
 */
public final class SchemaDiff {
  /** One difference; {@code field} is the column name, or {@code label}, {@code id}, {@code protected}. */
  public record Change(String field, String kind, String from, String to, String message) {}

  private SchemaDiff() {}

  public static List<Change> between(DatasetSchema from, DatasetSchema to) {
    List<Change> changes = new ArrayList<>();
    Map<String, ColumnType> a = types(from);
    Map<String, ColumnType> b = types(to);
    for (Map.Entry<String, ColumnType> e : a.entrySet()) {
      ColumnType other = b.get(e.getKey());
      if (other == null) {
        changes.add(new Change(e.getKey(), "column-removed", e.getValue().name(), null,
            "column '" + e.getKey() + "' (" + e.getValue() + ") was removed"));
      } else if (other != e.getValue() && !isIdOfBoth(e.getKey(), from, to)) {
        changes.add(new Change(e.getKey(), "type-changed", e.getValue().name(), other.name(),
            "column '" + e.getKey() + "' changed type from " + e.getValue() + " to " + other));
      }
    }
    for (Map.Entry<String, ColumnType> e : b.entrySet()) {
      if (!a.containsKey(e.getKey())) {
        changes.add(new Change(e.getKey(), "column-added", null, e.getValue().name(),
            "column '" + e.getKey() + "' (" + e.getValue() + ") was added"));
      }
    }
    if (!Objects.equals(from.label(), to.label())) {
      changes.add(new Change("label", "label-changed", from.label(), to.label(),
          "label changed from '" + from.label() + "' to '" + to.label() + "'"));
    }
    if (!Objects.equals(from.idColumn(), to.idColumn())) {
      changes.add(new Change("id", "id-changed", from.idColumn(), to.idColumn(),
          "id column changed from " + quote(from.idColumn()) + " to " + quote(to.idColumn())));
    }
    Set<String> pa = new LinkedHashSet<>(from.protectedColumns());
    Set<String> pb = new LinkedHashSet<>(to.protectedColumns());
    if (!pa.equals(pb)) {
      changes.add(new Change("protected", "protected-changed", String.join(",", pa), String.join(",", pb),
          "protected columns changed from [" + String.join(", ", pa) + "] to [" + String.join(", ", pb) + "]"));
    }
    return changes;
  }

  /** An id column's type is no difference: ids are identifiers (a schema from before that rule typed them). */
  private static boolean isIdOfBoth(String column, DatasetSchema from, DatasetSchema to) {
    return column.equals(from.idColumn()) && column.equals(to.idColumn());
  }

  private static Map<String, ColumnType> types(DatasetSchema s) {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (ColumnSpec c : s.columns()) {
      m.put(c.name(), c.type());
    }
    return m;
  }

  private static String quote(String s) {
    return s == null ? "none" : "'" + s + "'";
  }
}
