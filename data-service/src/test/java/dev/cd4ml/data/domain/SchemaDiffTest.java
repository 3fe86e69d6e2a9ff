package dev.cd4ml.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {
  private static final DatasetSchema BASE = new DatasetSchema(1, List.of(
      new ColumnSpec("a", ColumnType.numeric), new ColumnSpec("b", ColumnType.categorical),
      new ColumnSpec("y", ColumnType.categorical)), "y", null, List.of("b"));

  @Test
  void sameColumnsInAnotherOrderAreTheSameSchema() {
    DatasetSchema reordered = new DatasetSchema(1, List.of(BASE.columns().get(2), BASE.columns().get(0),
        BASE.columns().get(1)), "y", null, List.of("b"));
    assertTrue(SchemaDiff.between(BASE, reordered).isEmpty());
  }

  @Test
  void listsEveryDifferenceExactly() {
    DatasetSchema other = new DatasetSchema(1, List.of(
        new ColumnSpec("a", ColumnType.categorical), new ColumnSpec("c", ColumnType.numeric),
        new ColumnSpec("y", ColumnType.categorical)), "y", "c", List.of());
    List<SchemaDiff.Change> changes = SchemaDiff.between(BASE, other);
    assertEquals(List.of("type-changed", "column-removed", "column-added", "id-changed", "protected-changed"),
        changes.stream().map(SchemaDiff.Change::kind).toList());
    assertEquals("column 'a' changed type from numeric to categorical", changes.get(0).message());
    assertEquals("b", changes.get(1).field());
    assertEquals("c", changes.get(2).field());
  }

  @Test
  void aNewLabelIsADifference() {
    DatasetSchema other = new DatasetSchema(1, BASE.columns(), "b", null, List.of("b"));
    assertEquals("label", SchemaDiff.between(BASE, other).get(0).field());
  }
}
