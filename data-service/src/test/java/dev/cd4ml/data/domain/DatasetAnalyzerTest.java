package dev.cd4ml.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.dataset.DatasetProfile.ColumnProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetAnalyzerTest {

  @Test
  void infersNumericOnlyWhenEveryPresentValueIsANumber() {
    Csv.Outcome o = Csv.analyze("""
        x,code,empty,y
        1.5,1,,a
        NA,2,,b
        -3e2,x7,NULL,a
        """, Csv.label("y"), null);
    assertFalse(o.errors().any(), () -> o.errors().listed(20).toString());
    DatasetSchema s = o.result().schema();
    assertEquals(List.of(new ColumnSpec("x", ColumnType.numeric), new ColumnSpec("code", ColumnType.categorical),
        new ColumnSpec("empty", ColumnType.categorical), new ColumnSpec("y", ColumnType.categorical)), s.columns());
    ColumnProfile x = o.result().profile().columns().get("x");
    assertEquals(2, x.count());
    assertEquals(1, x.missing());
    assertEquals(-300.0, x.min());
    assertEquals(1.5, x.max());
    assertEquals(-149.25, x.mean(), 1e-9);
    ColumnProfile code = o.result().profile().columns().get("code");
    assertEquals(Map.of("1", 1L, "2", 1L, "x7", 1L), code.categories());
    assertEquals(3, o.result().profile().columns().get("empty").missing());
  }

  @Test
  void theLabelIsCategoricalEvenWhenItLooksNumeric() {
    Csv.Outcome o = Csv.analyze("f,y\n1,0\n2,1\n3,1\n", Csv.label("y"), null);
    assertEquals(ColumnType.categorical, o.result().schema().columns().get(1).type());
    assertEquals(Map.of("1", 2L, "0", 1L), o.result().profile().label().categories());
  }

  @Test
  void profilesTheLabelPerProtectedGroup() {
    Csv.Outcome o = Csv.analyze("""
        sex,y
        f,yes
        f,no
        m,yes
        ,no
        f,yes
        """, new UploadOptions("y", List.of("sex"), null, false), null);
    var groups = o.result().profile().protectedGroups().get("sex");
    assertEquals(3, groups.get("f").rows());
    assertEquals(Map.of("yes", 2L, "no", 1L), groups.get("f").labels());
    assertEquals(Map.of("yes", 1L), groups.get("m").labels());
    assertEquals(Map.of("no", 1L), groups.get("(missing)").labels());
  }

  @Test
  void raggedRowsAreMalformedWithTheirLine() {
    Csv.Outcome o = Csv.analyze("a,b,y\n1,2,x\n1,2\n1,2,3,4\n", Csv.label("y"), null);
    assertEquals(400, o.errors().status());
    assertEquals(2, o.errors().count());
    List<ProblemError> e = o.errors().listed(20);
    assertEquals(3L, e.get(0).row());
    assertTrue(e.get(0).message().contains("expected 3 fields"), e.get(0).message());
    assertEquals(4L, e.get(1).row());
    assertNull(o.result());
  }

  @Test
  void emptyFileHeaderOnlyAndDuplicateNamesAreMalformed() {
    assertEquals(400, Csv.analyze("", Csv.label("y"), null).errors().status());
    Csv.Outcome headerOnly = Csv.analyze("a,y\n", Csv.label("y"), null);
    assertEquals(400, headerOnly.errors().status());
    assertTrue(headerOnly.errors().listed(20).get(0).message().contains("no rows"));
    Csv.Outcome dup = Csv.analyze("a,b,a,y\n1,2,3,4\n", Csv.label("y"), null);
    assertEquals(400, dup.errors().status());
    ProblemError e = dup.errors().listed(20).get(0);
    assertEquals(1L, e.row());
    assertEquals(3, e.column());
    assertEquals("a", e.field());
  }

  @Test
  void aMissingLabelColumnIsUnprocessable() {
    Csv.Outcome o = Csv.analyze("a,b\n1,2\n", Csv.label("target"), null);
    assertEquals(422, o.errors().status());
    assertEquals("label", o.errors().listed(20).get(0).field());
  }

  @Test
  void aKnownSchemaFixesTypesAndReportsEachNonNumericValue() {
    DatasetSchema current = new DatasetSchema(1,
        List.of(new ColumnSpec("n", ColumnType.numeric), new ColumnSpec("c", ColumnType.categorical),
            new ColumnSpec("y", ColumnType.categorical)), "y", null, List.of());
    StringBuilder csv = new StringBuilder("n,c,y\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i % 2 == 0 ? "abc" : "1").append(",5,a\n");
    }
    Csv.Outcome o = Csv.analyze(csv.toString(), new UploadOptions(null, null, null, false), current);
    assertEquals(422, o.errors().status());
    assertEquals(25, o.errors().count());
    ProblemError first = o.errors().listed(20).get(0);
    assertEquals(2L, first.row());
    assertEquals(1, first.column());
    assertEquals("n", first.field());
    assertEquals(20, o.errors().listed(20).size());
    // the categorical column stays categorical although every value is a number
    Csv.Outcome ok = Csv.analyze("n,c,y\n1,5,a\n", new UploadOptions(null, null, null, false), current);
    assertEquals(current.columns(), ok.result().schema().columns());
  }

  @Test
  void theIdColumnIsCategoricalAndTakesIdsOfAnotherFormLater() {
    Csv.Outcome first = Csv.analyze("id,x,y\n1,5,a\n2,6,b\n", new UploadOptions("y", null, "id", false), null);
    assertEquals(ColumnType.categorical, first.result().schema().columns().get(0).type());
    assertEquals(ColumnType.numeric, first.result().schema().columns().get(1).type());
    // A schema from before this rule typed the id as numeric: request ids still fit, and it is no schema change.
    DatasetSchema numericId = new DatasetSchema(1, List.of(new ColumnSpec("id", ColumnType.numeric),
        new ColumnSpec("x", ColumnType.numeric), new ColumnSpec("y", ColumnType.categorical)), "y", "id", List.of());
    Csv.Outcome later = Csv.analyze("id,x,y\n3f2a-9c,7,a\n", new UploadOptions(null, null, null, false), numericId);
    assertFalse(later.errors().any(), () -> later.errors().listed(5).toString());
    assertTrue(SchemaDiff.between(numericId, later.result().schema()).isEmpty());
  }

  @Test
  void profilesAreBoundedOnHighCardinality() {
    StringBuilder csv = new StringBuilder("id,y\n");
    for (int i = 0; i < 5000; i++) {
      csv.append("u").append(i).append(",a\n");
    }
    Csv.Outcome o = Csv.analyze(csv.toString(), Csv.label("y"), null);
    ColumnProfile id = o.result().profile().columns().get("id");
    assertEquals(1000, id.distinct());
    assertTrue(id.distinctCapped());
    assertEquals(50, id.categories().size());
    assertEquals(5000 - 50, id.other());
  }

  @Test
  void appliesThePlatformsMissingValueAndNumberRules() {
    // Every spelling of FeatureValues.MISSING_TOKENS, blank cells and exponent numbers, as training and serving read them.
    Csv.Outcome o = Csv.analyze("x,c,y\n"
        + "1e3,\" rent\",a\nNA,rent\t,b\nN/A,own,a\nNaN,NA,b\nnan,N/A,a\nnull,nan,b\nNULL,\t,a\n\" \",null,b\n"
        + "-2.5E-2,NULL,a\n", Csv.label("y"), null);
    assertFalse(o.errors().any(), () -> o.errors().listed(20).toString());
    ColumnProfile x = o.result().profile().columns().get("x");
    assertEquals(ColumnType.numeric, o.result().schema().columns().get(0).type());
    assertEquals(2, x.count());
    assertEquals(7, x.missing());
    assertEquals(-0.025, x.min());
    assertEquals(1000.0, x.max());
    ColumnProfile c = o.result().profile().columns().get("c");
    assertEquals(6, c.missing());
    assertEquals(Map.of("rent", 2L, "own", 1L), c.categories());
  }

  @Test
  void theHistogramCoversMinToMaxAndCountsEveryValue() {
    NumericStats s = new NumericStats();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    int n = 100_000;
    int[] exact = new int[20];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 300 * r.nextDouble(); // range learned while it grows
      s.add(values[i]);
    }
    var h = s.histogram(20);
    assertEquals(s.min(), h.edges()[0]);
    assertEquals(s.max(), h.edges()[20]);
    assertEquals(n, java.util.Arrays.stream(h.counts()).sum());
    double step = (s.max() - s.min()) / 20;
    for (double v : values) {
      exact[Math.min(19, (int) ((v - s.min()) / step))]++;
    }
    for (int b = 0; b < 20; b++) {
      // error bounded by the values within one fine bin (1/512 of the range) of an edge: ~2 x 100000/512
      assertTrue(Math.abs(exact[b] - h.counts()[b]) < 450, "bin " + b + ": " + exact[b] + " vs " + h.counts()[b]);
    }
    assertEquals(200.0, s.mean(), 2.0);
    assertEquals(300 / Math.sqrt(12), s.std(), 1.5);
  }

  @Test
  void aConstantColumnHasOneBin() {
    Csv.Outcome o = Csv.analyze("x,y\n7,a\n7,b\n", Csv.label("y"), null);
    var h = o.result().profile().columns().get("x").histogram();
    assertNotNull(h);
    assertEquals(1, h.counts().length);
    assertEquals(2L, h.counts()[0]);
  }
}
