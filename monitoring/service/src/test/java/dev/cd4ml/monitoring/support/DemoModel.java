package dev.cd4ml.monitoring.support;

import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.contracts.feature.FeatureNames;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.feature.Numbers;
import dev.cd4ml.fixtures.data.DemoData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A small CART model on the demo data, encoded by the platform's feature rules (a numeric column is
 * one feature named after it, a categorical one is one-hot {@code column@value}, a missing value is
 * an absent feature), so serving reads requests the way the model was trained. training-service's
 * own trainer is not on this module's classpath; what matters here is a real served model.
 */
public record DemoModel(Model<Label> model, double heldOutAccuracy) {
  public static final int DEPTH = 6;
  public static final List<String> NUMERIC = List.of("age", "income", "loan_amount", "loan_term_months",
      "credit_score", "num_late_payments", "debt_to_income");
  public static final Map<String, List<String>> CATEGORIES = categories();

  private static Map<String, List<String>> categories() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("age_band", DemoDataGenerator.AGE_BANDS);
    c.put("sex", DemoDataGenerator.SEXES);
    c.put("employment", DemoDataGenerator.EMPLOYMENTS);
    c.put("housing", DemoDataGenerator.HOUSINGS);
    c.put("purpose", DemoDataGenerator.PURPOSES);
    c.put("region", DemoDataGenerator.REGIONS);
    return c;
  }

  /** Trains on the first three quarters of the generator's rows and measures accuracy on the rest. */
  public static DemoModel train(long rows, long seed) {
    List<Map<String, String>> all = rows(DemoData.csv(rows, seed));
    int split = all.size() * 3 / 4;
    LabelFactory lf = new LabelFactory();
    MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("demo credit", lf), lf);
    for (Map<String, String> row : all.subList(0, split)) {
      ds.add(example(row));
    }
    Model<Label> model = new CARTClassificationTrainer(DEPTH).train(ds);
    long correct = 0;
    List<Map<String, String>> test = all.subList(split, all.size());
    for (Map<String, String> row : test) {
      if (model.predict(example(row)).getOutput().getLabel().equals(row.get(DemoDataGenerator.LABEL))) {
        correct++;
      }
    }
    return new DemoModel(model, (double) correct / test.size());
  }

  /** What this model predicts for a row (serving predicts the same: it is the same model). */
  public String predict(Map<String, String> row) {
    return model.predict(example(row)).getOutput().getLabel();
  }

  /** The CSV's rows as column → cell, in order. */
  public static List<Map<String, String>> rows(byte[] csv) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
    String[] header = lines[0].split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] cells = lines[i].split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], cells[c]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** Back to CSV, with the generator's header. */
  public static String csv(List<Map<String, String>> rows) {
    StringBuilder out = new StringBuilder(DemoDataGenerator.HEADER).append('\n');
    for (Map<String, String> row : rows) {
      out.append(String.join(",", DemoDataGenerator.COLUMNS.stream().map(row::get).toList())).append('\n');
    }
    return out.toString();
  }

  private static ArrayExample<Label> example(Map<String, String> row) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (String column : NUMERIC) {
      String cell = row.get(column);
      if (!FeatureValues.isMissing(cell)) {
        byte[] b = cell.getBytes(StandardCharsets.UTF_8);
        names.add(column);
        values.add(Numbers.parse(b, 0, b.length));
      }
    }
    for (String column : CATEGORIES.keySet()) {
      String cell = row.get(column);
      if (!FeatureValues.isMissing(cell)) {
        names.add(FeatureNames.oneHot(column, FeatureValues.strip(cell)));
        values.add(1.0);
      }
    }
    String label = row.get(DemoDataGenerator.LABEL);
    return new ArrayExample<>(new Label(label == null ? "no" : label), names.toArray(String[]::new),
        values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
