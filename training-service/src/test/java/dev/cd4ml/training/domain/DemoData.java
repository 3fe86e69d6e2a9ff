package dev.cd4ml.training.domain;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo credit schema (15 columns, as data-service's generator has it) with a generator of our
 * own: a seeded, known signal (late payments, debt-to-income and credit score drive defaults), so
 * tests and the benchmark do not need data-service.
 */
public final class DemoData {
  public static final DatasetSchema SCHEMA = new DatasetSchema(1, List.of(
      new ColumnSpec("id", ColumnType.numeric),
      new ColumnSpec("age", ColumnType.numeric),
      new ColumnSpec("age_band", ColumnType.categorical),
      new ColumnSpec("sex", ColumnType.categorical),
      new ColumnSpec("income", ColumnType.numeric),
      new ColumnSpec("loan_amount", ColumnType.numeric),
      new ColumnSpec("loan_term_months", ColumnType.numeric),
      new ColumnSpec("credit_score", ColumnType.numeric),
      new ColumnSpec("num_late_payments", ColumnType.numeric),
      new ColumnSpec("debt_to_income", ColumnType.numeric),
      new ColumnSpec("employment", ColumnType.categorical),
      new ColumnSpec("housing", ColumnType.categorical),
      new ColumnSpec("purpose", ColumnType.categorical),
      new ColumnSpec("region", ColumnType.categorical),
      new ColumnSpec("defaulted", ColumnType.categorical)),
      "defaulted", "id", List.of("sex", "age_band"));

  public static final String HEADER = "id,age,age_band,sex,income,loan_amount,loan_term_months,credit_score,"
      + "num_late_payments,debt_to_income,employment,housing,purpose,region,defaulted";
  private static final String[] EMPLOYMENT = {"employed", "self-employed", "unemployed", "retired", "student"};
  private static final String[] HOUSING = {"own", "rent", "mortgage"};
  private static final String[] PURPOSE = {"car", "home", "education", "business", "debt-consolidation"};
  private static final String[] REGION = {"north", "south", "east", "west"};

  private DemoData() {}

  public static byte[] csv(int rows, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 110);
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      write(w, rows, seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static void write(Writer w, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    w.write(HEADER);
    w.write('\n');
    StringBuilder sb = new StringBuilder(160);
    for (int i = 1; i <= rows; i++) {
      int age = 18 + (int) Math.min(62, Math.abs(r.nextGaussian() * 14 + 22));
      String band = age <= 25 ? "18-25" : age <= 35 ? "26-35" : age <= 50 ? "36-50" : age <= 65 ? "51-65" : "66+";
      String sex = r.nextBoolean() ? "female" : "male";
      double income = Math.round(Math.exp(10.6 + 0.45 * r.nextGaussian()));
      double loan = Math.round(income * (0.1 + 0.6 * r.nextDouble()));
      int term = new int[] {12, 24, 36, 48, 60}[r.nextInt(5)];
      boolean scoreMissing = r.nextDouble() < 0.05;
      int score = (int) Math.max(300, Math.min(850, 660 + 70 * r.nextGaussian()));
      int late = (int) Math.max(0, Math.round(Math.abs(r.nextGaussian()) * 1.5 - 0.3));
      double dti = Math.max(0.01, Math.min(1.2, 0.3 + 0.15 * r.nextGaussian()));
      String employment = EMPLOYMENT[r.nextInt(EMPLOYMENT.length)];
      double logit = -1.6 + 0.9 * late + 4.0 * (dti - 0.3) - (score - 660) / 45.0
          + ("unemployed".equals(employment) ? 0.9 : 0) + 0.3 * r.nextGaussian();
      boolean defaulted = r.nextDouble() < 1 / (1 + Math.exp(-logit));
      sb.setLength(0);
      sb.append(i).append(',');
      if (r.nextDouble() >= 0.03) {
        sb.append(age);
      }
      sb.append(',').append(band).append(',').append(sex).append(',')
          .append((long) income).append(',').append((long) loan).append(',').append(term).append(',');
      if (!scoreMissing) {
        sb.append(score);
      }
      sb.append(',').append(late).append(',').append(String.format(Locale.ROOT, "%.3f", dti)).append(',')
          .append(employment).append(',').append(HOUSING[r.nextInt(HOUSING.length)]).append(',')
          .append(PURPOSE[r.nextInt(PURPOSE.length)]).append(',').append(REGION[r.nextInt(REGION.length)]).append(',')
          .append(defaulted ? "yes" : "no").append('\n');
      w.append(sb);
    }
  }
}
