package dev.cd4ml.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.dataset.DatasetProfile.ColumnProfile;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.fixtures.data.ForeignData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes of tables users bring: each is stored with the right types, or refused naming line and column. */
class RealWorldCsvTest {

  private static Csv.Outcome analyze(String csv, UploadOptions options, int chunk) {
    return Csv.analyze(csv.getBytes(StandardCharsets.UTF_8), options, null, chunk);
  }

  @Test
  void aSpreadsheetExportWithBomCrlfQuotedCommasLineBreaksAndMissingValuesInEverySpelling() {
    String csv = "\uFEFFcustomer,\"city, region\",notes,spend,tier\r\n"
        + "1,\"Bern, BE\",\"said \"\"hi\"\",\r\nthen left\",12.5,gold\r\n"
        + "2,Basel,,NA,silver\r\n"
        + "3,N/A,\"plain\",NaN,bronze\r\n"
        + "4,null,x, ,gold\r\n"
        + "5,NULL,y,nan,silver\r\n"
        + "6,\" Zug \",z,3e1,bronze";
    for (int chunk : new int[] {1, 3, 64}) {
      Csv.Outcome o = analyze(csv, new UploadOptions("tier", null, "customer", false), chunk);
      assertFalse(o.errors().any(), () -> o.errors().listed(20).toString());
      DatasetSchema s = o.result().schema();
      assertEquals(List.of(new ColumnSpec("customer", ColumnType.categorical),
          new ColumnSpec("city, region", ColumnType.categorical), new ColumnSpec("notes", ColumnType.categorical),
          new ColumnSpec("spend", ColumnType.numeric), new ColumnSpec("tier", ColumnType.categorical)), s.columns());
      ColumnProfile city = o.result().profile().columns().get("city, region");
      assertEquals(3, city.missing(), "N/A, null and NULL are missing");
      assertEquals(Map.of("Bern, BE", 1L, "Basel", 1L, "Zug", 1L), city.categories());
      assertTrue(o.result().profile().columns().get("notes").categories().containsKey("said \"hi\",\r\nthen left"));
      ColumnProfile spend = o.result().profile().columns().get("spend");
      assertEquals(2, spend.count());
      assertEquals(4, spend.missing(), "NA, NaN, a blank and nan are missing");
      assertEquals(21.25, spend.mean(), 1e-9);
      // a three-class label
      assertEquals(Map.of("gold", 2L, "silver", 2L, "bronze", 2L), o.result().profile().label().categories());
    }
  }

  @Test
  void zeroPaddedCodesAndDeclaredColumnsAreCategoricalPlainNumbersStayNumeric() {
    String csv = """
        branch,region,amount,y
        0042,7,10,a
        0107,12,20,b
        1200,7,30,c
        """;
    Csv.Outcome inferred = analyze(csv, Csv.label("y"), 7);
    assertEquals(ColumnType.categorical, inferred.result().schema().columns().get(0).type(), "0042 is a code");
    assertEquals(ColumnType.numeric, inferred.result().schema().columns().get(1).type());
    Csv.Outcome declared = analyze(csv, new UploadOptions("y", null, null, false, List.of("region")), 7);
    assertEquals(List.of(new ColumnSpec("branch", ColumnType.categorical), new ColumnSpec("region", ColumnType.categorical),
        new ColumnSpec("amount", ColumnType.numeric), new ColumnSpec("y", ColumnType.categorical)),
        declared.result().schema().columns());
    assertEquals(Map.of("7", 2L, "12", 1L), declared.result().profile().columns().get("region").categories());
  }

  @Test
  void aDeclaredCategoricalColumnMustExistAndCannotRetypeAFixedNumericOne() {
    Csv.Outcome unknown = analyze("a,y\n1,x\n", new UploadOptions("y", null, null, false, List.of("zone")), 7);
    assertEquals(422, unknown.errors().status());
    assertEquals("categorical", unknown.errors().listed(5).get(0).field());
    assertTrue(unknown.errors().listed(5).get(0).message().contains("'zone' is not in the header"));
    DatasetSchema current = new DatasetSchema(1, List.of(new ColumnSpec("a", ColumnType.numeric),
        new ColumnSpec("y", ColumnType.categorical)), "y", null, List.of());
    Csv.Outcome retyped = Csv.analyze("a,y\n1,x\n".getBytes(StandardCharsets.UTF_8),
        new UploadOptions(null, null, null, false, List.of("a")), current, 7);
    assertEquals(422, retyped.errors().status());
    assertTrue(retyped.errors().listed(5).get(0).message().contains("allowSchemaChange"));
  }

  @Test
  void aWideTableWithAHighCardinalityColumnIsTypedAndProfiledPerColumn() {
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < 199; c++) {
      csv.append(c == 0 ? "merchant" : "f" + c).append(',');
    }
    csv.append("y\n");
    for (int r = 0; r < 600; r++) {
      csv.append("m").append(r % 400);
      for (int c = 1; c < 199; c++) {
        csv.append(',').append(r * c % 97);
      }
      csv.append(',').append(r % 3 == 0 ? "p" : r % 3 == 1 ? "q" : "r").append('\n');
    }
    Csv.Outcome o = analyze(csv.toString(), Csv.label("y"), 4096);
    assertFalse(o.errors().any(), () -> o.errors().listed(20).toString());
    assertEquals(200, o.result().schema().columns().size());
    assertEquals(198, o.result().schema().columns().stream().filter(c -> c.type() == ColumnType.numeric).count());
    ColumnProfile merchant = o.result().profile().columns().get("merchant");
    assertEquals(400, merchant.distinct());
    assertFalse(merchant.distinctCapped());
    assertEquals(600, o.result().rows());
  }

  @Test
  void aRowWithoutALabelIsRefusedWithItsLineAndColumn() {
    Csv.Outcome o = analyze("a,y,b\n1,x,2\n2,NA,3\n\"3\n\",,4\n", Csv.label("y"), 5);
    assertEquals(422, o.errors().status());
    List<ProblemError> e = o.errors().listed(5);
    assertEquals(2, e.size());
    assertEquals(3L, e.get(0).row());
    assertEquals(2, e.get(0).column());
    assertEquals("y", e.get(0).field());
    assertEquals(4L, e.get(1).row(), "the record starting on line 4");
    assertNull(o.result());
  }

  @Test
  void aLabelWithMoreClassesThanAClassifierTakesIsRefused() {
    StringBuilder csv = new StringBuilder("x,price\n");
    for (int r = 0; r < 200; r++) {
      csv.append(r).append(',').append(1000 + r * 7).append('\n');
    }
    Csv.Outcome o = analyze(csv.toString(), Csv.label("price"), 512);
    assertEquals(422, o.errors().status());
    assertTrue(o.errors().listed(5).get(0).message().contains("200 distinct values"), o.errors().listed(5).toString());
  }

  @Test
  void theForeignFixtureIsTypedAsItsSchemaSays() {
    Csv.Outcome o = Csv.analyze(ForeignData.csv(500, 3),
        new UploadOptions(ForeignData.LABEL, List.of(ForeignData.PROTECTED), ForeignData.ID, false), null, 8192);
    assertFalse(o.errors().any(), () -> o.errors().listed(20).toString());
    assertEquals(ForeignData.SCHEMA, o.result().schema());
    assertEquals(3, o.result().profile().label().categories().size());
    assertTrue(o.result().profile().columns().get("sensor_07").missing() > 0);
    assertTrue(o.result().profile().protectedGroups().get(ForeignData.PROTECTED).containsKey("(missing)"));
  }
}
