package dev.cd4ml.training.domain;

import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.DatasetSchema;
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
 * Missing values are explicit: an empty numeric cell (or NA/NaN/null) leaves the feature
 * <em>absent</em> — Tribuo examples are sparse and its trees treat an absent feature as 0.0 — and
 * an empty categorical cell produces no one-hot feature (all its indicators 0). Serving does the
 * same, so training and serving see identical inputs. A category not in the model's signature
 * likewise produces no feature. A row without a label cannot be learned from and fails the run.
 */
public final class FeatureMapping {
  private static final Set<String> MISSING = Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL");

  private final DatasetSchema schema;
  private final List<ColumnSpec> featureColumns;
  private final int[] featureIndex;
  private final boolean[] numeric;
  private final int labelIndex;
  private final int[] protectedIndex;
  private final int width;
  // Interned one-hot names and category values, so a million rows share one String per category.
  private final List<Map<String, String>> oneHotNames = new ArrayList<>();
  private final Map<String, Label> labels = new HashMap<>();

  private FeatureMapping(DatasetSchema schema, String[] header) {
    this.schema = schema;
    this.width = header.length;
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      positions.put(header[i].trim(), i);
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
    String rawLabel = row[labelIndex].trim();
    if (isMissing(rawLabel)) {
      throw new RunFailure("line " + line + ": label column " + schema.label() + " is empty");
    }
    Label label = labels.computeIfAbsent(rawLabel, Label::new);
    String[] names = new String[featureIndex.length];
    double[] values = new double[featureIndex.length];
    int n = 0;
    for (int f = 0; f < featureIndex.length; f++) {
      String raw = row[featureIndex[f]].trim();
      if (isMissing(raw)) {
        continue;
      }
      if (numeric[f]) {
        double v;
        try {
          v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          throw new RunFailure("line " + line + ", column " + featureColumns.get(f).name() + ": '" + abbreviate(raw) + "' is not a number");
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          continue;
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
      String raw = row[protectedIndex[p]].trim();
      out[p] = isMissing(raw) ? null : intern(raw);
    }
    return out;
  }

  private final Map<String, String> values = new HashMap<>();

  private String intern(String s) {
    return values.computeIfAbsent(s, k -> k);
  }

  private String oneHot(int f, String value) {
    return oneHotNames.get(f).computeIfAbsent(value, v -> featureColumns.get(f).name() + "@" + v);
  }

  public static String oneHotName(String column, String value) {
    return column + "@" + value;
  }

  static boolean isMissing(String raw) {
    return MISSING.contains(raw);
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
    Map<String, Integer> categoricalColumn = new HashMap<>();
    for (int f = 0; f < featureColumns.size(); f++) {
      if (!numeric[f]) {
        categoricalColumn.put(featureColumns.get(f).name(), f);
        categories.put(featureColumns.get(f).name(), new TreeSet<>());
      }
    }
    for (org.tribuo.Example<Label> e : training) {
      labelsSeen.add(e.getOutput().getLabel());
      for (org.tribuo.Feature feature : e) {
        String name = feature.getName();
        int at = name.indexOf('@');
        if (at > 0) {
          Set<String> cats = categories.get(name.substring(0, at));
          if (cats != null) {
            cats.add(name.substring(at + 1));
          }
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

  /**
   * Encodes a row given as column → value against a model signature, as serving would: unknown
   * categories and missing values produce no feature.
   */
  public static ArrayExample<Label> encode(ModelSignature signature, Map<String, String> row) {
    List<String> names = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (FeatureSpec spec : signature.features()) {
      String raw = row.get(spec.name());
      if (raw == null || isMissing(raw.trim())) {
        continue;
      }
      raw = raw.trim();
      if (spec.type() == FeatureSpec.FeatureKind.numeric) {
        double v = Double.parseDouble(raw);
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
          names.add(spec.name());
          vals.add(v);
        }
      } else if (spec.categories().contains(raw)) {
        names.add(oneHotName(spec.name(), raw));
        vals.add(1.0);
      }
    }
    return new ArrayExample<>(new Label(Label.UNKNOWN), names.toArray(new String[0]),
        vals.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
