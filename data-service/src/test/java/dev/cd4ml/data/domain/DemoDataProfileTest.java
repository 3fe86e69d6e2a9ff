package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.dataset.DatasetProfile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.contracts.dataset.DatasetProfile.ColumnProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The profile computed by the upload pass recovers what the generator was told to produce. */
class DemoDataProfileTest {
  private static final int ROWS = 60_000;
  private static DatasetProfile base;
  private static DatasetProfile drifted;
  private static DatasetAnalyzer.Result baseResult;

  @BeforeAll
  static void generate() {
    UploadOptions options = new UploadOptions(DemoDataGenerator.LABEL, DemoDataGenerator.PROTECTED, DemoDataGenerator.ID, false);
    Csv.Outcome a = Csv.analyze(new DemoDataGenerator(ROWS, 7, 0.0), options, null);
    Csv.Outcome b = Csv.analyze(new DemoDataGenerator(ROWS, 7, 1.0), options, null);
    assertFalse(a.errors().any(), () -> a.errors().listed(20).toString());
    assertFalse(b.errors().any());
    baseResult = a.result();
    base = a.result().profile();
    drifted = b.result().profile();
  }

  @Test
  void hasTheDocumentedSchema() {
    assertEquals(ROWS, base.rows());
    List<ColumnSpec> columns = baseResult.schema().columns();
    assertEquals(DemoDataGenerator.COLUMNS, columns.stream().map(ColumnSpec::name).toList());
    // the id column is an identifier: categorical, like the label
    Set<String> categorical = Set.of("id", "age_band", "sex", "employment", "housing", "purpose", "region", "defaulted");
    for (ColumnSpec c : columns) {
      assertEquals(categorical.contains(c.name()) ? ColumnType.categorical : ColumnType.numeric, c.type(), c.name());
    }
    assertEquals("defaulted", baseResult.schema().label());
    assertEquals(List.of("sex", "age_band"), baseResult.schema().protectedColumns());
    assertEquals(Set.of("18-25", "26-35", "36-50", "51-65", "66+"), base.columns().get("age_band").categories().keySet());
    assertEquals(Set.of("yes", "no"), base.label().categories().keySet());
  }

  @Test
  void recoversTheGeneratorParameters() {
    ColumnProfile age = base.columns().get("age");
    assertEquals(DemoDataGenerator.AGE_MISSING, (double) age.missing() / ROWS, 0.004);
    // normal(41, 12) truncated to [18, 90]: the mean moves up by sd * phi(a) / (1 - Phi(a)) ~ 0.78
    assertEquals(DemoDataGenerator.AGE_MEAN + 0.78, age.mean(), 0.3);
    // ... and its sd shrinks by sqrt(1 + a phi / (1 - Phi) - (phi / (1 - Phi))^2) ~ 0.933
    assertEquals(DemoDataGenerator.AGE_SD * 0.933, age.std(), 0.3);
    assertEquals(18.0, age.min());
    assertTrue(age.max() <= 90);
    assertEquals(DemoDataGenerator.CREDIT_SCORE_MISSING, (double) base.columns().get("credit_score").missing() / ROWS, 0.005);
    Map<String, Long> sex = base.columns().get("sex").categories();
    assertEquals(DemoDataGenerator.FEMALE_SHARE, (double) sex.get("female") / ROWS, 0.01);
    double purposeDebt = (double) base.columns().get("purpose").categories().get("debt_consolidation") / ROWS;
    assertEquals(0.22, purposeDebt, 0.01);
    double rate = (double) base.label().categories().get("yes") / ROWS;
    assertTrue(rate > 0.2 && rate < 0.3, "base rate " + rate);
    System.out.printf("demo base rate %.3f, drifted %.3f%n", rate, (double) drifted.label().categories().get("yes") / ROWS);
    ColumnProfile term = base.columns().get("loan_term_months");
    assertTrue(term.min() >= 12 && term.max() <= 72);
    assertEquals(ROWS, java.util.Arrays.stream(age.histogram().counts()).sum() + age.missing());
  }

  @Test
  void driftMovesTheDistributionsAsDocumented() {
    // The 18-year floor lifts the undrifted mean by about half a year; the drifted one hardly meets it.
    assertEquals(DemoDataGenerator.AGE_DRIFT - 0.6, drifted.columns().get("age").mean() - base.columns().get("age").mean(), 0.4);
    double late = drifted.columns().get("num_late_payments").mean() - base.columns().get("num_late_payments").mean();
    assertEquals(DemoDataGenerator.LATE_DRIFT, late, 0.12);
    assertTrue(drifted.columns().get("income").mean() < 0.85 * base.columns().get("income").mean());
    double debt = (double) drifted.columns().get("purpose").categories().get("debt_consolidation") / ROWS;
    assertEquals(0.58, debt, 0.01);
    assertTrue(drifted.label().categories().get("yes") > base.label().categories().get("yes") * 1.2);
  }

  @Test
  void theLabelIsLearnableButNoisy() throws IOException {
    long[] low = new long[2];
    long[] high = new long[2];
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new DemoDataGenerator(20_000, 3, 0), StandardCharsets.US_ASCII))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",", -1);
        if (f[7].isEmpty()) {
          continue;
        }
        int score = Integer.parseInt(f[7]);
        long[] bucket = score < 620 ? low : score > 730 ? high : null;
        if (bucket != null) {
          bucket[0]++;
          bucket[1] += f[14].equals("yes") ? 1 : 0;
        }
      }
    }
    double lowRate = (double) low[1] / low[0];
    double highRate = (double) high[1] / high[0];
    assertTrue(lowRate > 3 * highRate, lowRate + " vs " + highRate);
    assertTrue(highRate > 0.01, "noisy: some good scores default too, got " + highRate);
    assertTrue(lowRate < 0.95, "noisy: not every bad score defaults, got " + lowRate);
  }

  @Test
  void driftAlsoChangesTheConceptForMedicalLoans() throws IOException {
    double[] before = defaultRates(0);
    double[] after = defaultRates(1);
    // {medical loans, all others}: medical loans gain far more default risk than the population shift explains.
    assertTrue(after[0] - before[0] > 2 * (after[1] - before[1]) && after[0] - before[0] > 0.3,
        "medical " + before[0] + " -> " + after[0] + ", others " + before[1] + " -> " + after[1]);
  }

  private static double[] defaultRates(double drift) throws IOException {
    long[] rows = new long[2];
    long[] defaults = new long[2];
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new DemoDataGenerator(20_000, 5, drift), StandardCharsets.US_ASCII))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",", -1);
        int group = f[12].equals("medical") ? 0 : 1;
        rows[group]++;
        defaults[group] += f[14].equals("yes") ? 1 : 0;
      }
    }
    return new double[] {(double) defaults[0] / rows[0], (double) defaults[1] / rows[1]};
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    assertArrayEquals(new DemoDataGenerator(500, 1, 0.3).readAllBytes(), new DemoDataGenerator(500, 1, 0.3).readAllBytes());
    assertFalse(java.util.Arrays.equals(new DemoDataGenerator(500, 1, 0.3).readAllBytes(),
        new DemoDataGenerator(500, 2, 0.3).readAllBytes()));
  }
}
