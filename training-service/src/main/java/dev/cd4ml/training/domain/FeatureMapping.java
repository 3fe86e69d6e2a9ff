package dev.cd4ml.training.domain;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.feature.FeatureNames;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.feature.Numbers;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Turns CSV rows into Tribuo examples as the dataset schema says:
 * <ul>
 *   <li>numeric column → feature named after the column with the parsed value;</li>
 *   <li>categorical column → one-hot feature {@code column@value} = 1 (Tribuo's naming);</li>
 *   <li>label column → the example's {@link Label} (kept verbatim, not upper-cased);</li>
 *   <li>id column → ignored.</li>
 * </ul>
 * What a cell is (its value without surrounding blanks, missing, a number) is the platform's one
 * rule ({@link FeatureValues}, {@link Numbers}, {@link FeatureNames}), which serving applies to
 * every request, so training and serving see identical inputs (the feature-parity test checks it).
 * A missing numeric value leaves the feature <em>absent</em> — Tribuo examples are sparse and its
 * trees treat an absent feature as 0.0 — and a missing categorical value produces no one-hot
 * feature (all its indicators 0). A row without a label cannot be learned from and fails the run.
 */
public final class FeatureMapping {
  private final DatasetSchema schema;
  private final List<ColumnSpec> featureColumns;
  private final int[] featureIndex;
  private final boolean[] numeric;
  private final int labelIndex;
  private final int[] protectedIndex;
  private final int width;
  // Interned one-hot names and category values, so a million rows share one String per category.
  private final List<Map<String, String>> oneHotNames = new ArrayList<>();
  private final Map<String, Integer> oneHotColumn = new HashMap<>();
  private final Map<String, Label> labels = new HashMap<>();

  private FeatureMapping(DatasetSchema schema, String[] header) {
    this.schema = schema;
    this.width = header.length;
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      positions.put(header[i], i); // verbatim, as data-service names the schema's columns
    }
    List<String> missing = new ArrayList<>();
    List<ColumnSpec> features = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (!positions.containsKey(c.name())) {
        missing.add(c.name());
      }
      if (!c.name().equals(schema.label()) && !c.name().equals(schema.idColumn())) {
        features.add(c);
      }
    }
    if (schema.label() == null || !positions.containsKey(schema.label())) {
      missing.add(String.valueOf(schema.label()) + " (label)");
    }
    if (!missing.isEmpty()) {
      throw new RunFailure("the CSV header lacks schema columns: " + String.join(", ", missing));
    }
    if (features.isEmpty()) {
      throw new RunFailure("the schema has no feature columns besides the label and id");
    }
    this.featureColumns = List.copyOf(features);
    this.featureIndex = new int[features.size()];
    this.numeric = new boolean[features.size()];
    for (int f = 0; f < features.size(); f++) {
      featureIndex[f] = positions.get(features.get(f).name());
      numeric[f] = features.get(f).type() == ColumnSpec.ColumnType.numeric;
      oneHotNames.add(new HashMap<>());
    }
    this.labelIndex = positions.get(schema.label());
    List<String> prot = schema.protectedColumns() == null ? List.of() : schema.protectedColumns();
    this.protectedIndex = new int[prot.size()];
    for (int p = 0; p < prot.size(); p++) {
      Integer i = positions.get(prot.get(p));
      if (i == null) {
        throw new RunFailure("protected column " + prot.get(p) + " is not in the CSV header");
      }
      protectedIndex[p] = i;
    }
  }

  /** Binds the schema to the header row of the CSV; fails when a schema column is absent. */
  public static FeatureMapping bind(DatasetSchema schema, String[] header) {
    return new FeatureMapping(schema, header);
  }

  public DatasetSchema schema() {
    return schema;
  }

  public List<String> protectedColumns() {
    return schema.protectedColumns() == null ? List.of() : schema.protectedColumns();
  }

  /**
   * Encodes one data row.
   *
   * @param line the 1-based line in the file, for error messages
   */
  public ArrayExample<Label> encode(String[] row, long line) {
    if (row.length != width) {
      throw new RunFailure("line " + line + ": expected " + width + " fields, found " + row.length);
    }
    String rawLabel = FeatureValues.strip(row[labelIndex]);
    if (FeatureValues.isMissing(rawLabel)) {
      throw new RunFailure("line " + line + ": label column " + schema.label() + " is empty");
    }
    Label label = labels.computeIfAbsent(rawLabel, Label::new);
    String[] names = new String[featureIndex.length];
    double[] values = new double[featureIndex.length];
    int n = 0;
    for (int f = 0; f < featureIndex.length; f++) {
      String raw = FeatureValues.strip(row[featureIndex[f]]);
      if (FeatureValues.isMissing(raw)) {
        continue;
      }
      if (numeric[f]) {
        double v = Numbers.parse(raw);
        if (Double.isNaN(v)) {
          throw new RunFailure("line " + line + ", column " + featureColumns.get(f).name() + ": '" + abbreviate(raw) + "' is not a number");
        }
        names[n] = featureColumns.get(f).name();
        values[n++] = v;
      } else {
        names[n] = oneHot(f, raw);
        values[n++] = 1.0;
      }
    }
    return new ArrayExample<>(label, n == names.length ? names : Arrays.copyOf(names, n),
        n == values.length ? values : Arrays.copyOf(values, n));
  }

  /** The protected columns' values of a row (null when missing), in {@link #protectedColumns()} order. */
  public String[] protectedValues(String[] row) {
    String[] out = new String[protectedIndex.length];
    for (int p = 0; p < protectedIndex.length; p++) {
      String raw = FeatureValues.strip(row[protectedIndex[p]]);
      out[p] = FeatureValues.isMissing(raw) ? null : intern(raw);
    }
    return out;
  }

  private final Map<String, String> values = new HashMap<>();

  private String intern(String s) {
    return values.computeIfAbsent(s, k -> k);
  }

  private String oneHot(int f, String value) {
    return oneHotNames.get(f).computeIfAbsent(value, v -> {
      String name = FeatureNames.oneHot(featureColumns.get(f).name(), v);
      oneHotColumn.put(name, f);
      return name;
    });
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /**
   * The signature of a model trained on {@code examples}: every feature column in schema order,
   * a categorical column with the categories seen in training, the labels seen in training.
   */
  public ModelSignature signature(Iterable<? extends org.tribuo.Example<Label>> training, String positiveLabel) {
    Map<String, Set<String>> categories = new TreeMap<>();
    Set<String> labelsSeen = new TreeSet<>();
    for (int f = 0; f < featureColumns.size(); f++) {
      if (!numeric[f]) {
        categories.put(featureColumns.get(f).name(), new TreeSet<>());
      }
    }
    for (org.tribuo.Example<Label> e : training) {
      labelsSeen.add(e.getOutput().getLabel());
      for (org.tribuo.Feature feature : e) {
        // By the column that made the name: columns and categories may themselves contain '@'.
        Integer f = oneHotColumn.get(feature.getName());
        if (f != null) {
          String column = featureColumns.get(f).name();
          categories.get(column).add(FeatureNames.categoryOf(column, feature.getName()));
        }
      }
    }
    List<FeatureSpec> specs = new ArrayList<>();
    for (int f = 0; f < featureColumns.size(); f++) {
      String name = featureColumns.get(f).name();
      specs.add(numeric[f] ? FeatureSpec.numeric(name) : FeatureSpec.categorical(name, List.copyOf(categories.get(name))));
    }
    return new ModelSignature(specs, schema.label(), List.copyOf(labelsSeen), positiveLabel);
  }
}
