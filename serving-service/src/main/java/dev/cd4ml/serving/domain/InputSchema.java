package dev.cd4ml.serving.domain;

import dev.cd4ml.contracts.feature.FeatureNames;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.feature.Numbers;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.SparseVector;

/**
 * A model's signature compiled for the hot path: every lookup a request needs is a precomputed
 * hash map, so validating and encoding a row allocates little and never scans lists.
 *
 * <p>Encoding follows Tribuo's columnar processors: a numeric column becomes one feature (named
 * {@code col} or {@code col@value}, whichever the model was trained with), a categorical column a
 * one-hot feature {@code col@category} = 1.0. What a value is follows the platform's one rule, as
 * training read its CSV ({@link FeatureValues}, {@link Numbers}): a missing value — JSON null, an
 * empty or blank cell, or a missing-value token such as {@code NA} in a cell or a JSON string — sets
 * no feature, which is what the trees saw for it; surrounding blanks are not part of a category.
 */
public final class InputSchema {

  /** What to do with a categorical value the model never saw. */
  public enum UnseenPolicy { REJECT, UNKNOWN }

  private static final String FIELD_PREFIX = "features.";
  private static final String NOTHING_KNOWN =
      "every value is missing or an unknown category: the model needs at least one known value";

  private final List<FeatureSpec> features;
  private final Map<String, Slot> slots;
  private final Slot[] slotAt; // by schema position: per-row code indexes instead of looking up
  private final Map<String, FeatureRef> byTribuoName;
  private final String labelColumn;

  private static final class Slot {
    final int index;
    final FeatureSpec spec;
    final boolean numeric;
    final String tribuoName;
    final Map<String, String> categoryFeature;
    final String field;

    Slot(int index, FeatureSpec spec, String tribuoName, Map<String, String> categoryFeature) {
      this.index = index;
      this.spec = spec;
      this.numeric = spec.type() == FeatureSpec.FeatureKind.numeric;
      this.tribuoName = tribuoName;
      this.categoryFeature = categoryFeature;
      this.field = FIELD_PREFIX + spec.name();
    }
  }

  /** A Tribuo feature traced back to the request: its column and, for one-hot features, the category. */
  public record FeatureRef(String feature, String category) {}

  private InputSchema(List<FeatureSpec> features, Map<String, Slot> slots, Map<String, FeatureRef> byTribuoName,
      String labelColumn) {
    this.features = features;
    this.slots = slots;
    this.slotAt = features.stream().map(f -> slots.get(f.name())).toArray(Slot[]::new);
    this.byTribuoName = byTribuoName;
    this.labelColumn = labelColumn;
  }

  /**
   * @param modelFeatureNames the feature names in the model's feature map, to resolve numeric naming
   *                          and, when the signature lists no categories, the known categories
   */
  public static InputSchema compile(ModelSignature signature, Set<String> modelFeatureNames) {
    if (signature == null || signature.features() == null || signature.features().isEmpty()) {
      throw new IllegalArgumentException("the model version has no signature (lineage.signature.features)");
    }
    List<FeatureSpec> specs = List.copyOf(signature.features());
    Map<String, Slot> slots = new HashMap<>(specs.size() * 2);
    Map<String, FeatureRef> refs = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      FeatureSpec spec = specs.get(i);
      if (spec.name() == null || spec.type() == null) {
        throw new IllegalArgumentException("signature feature #" + (i + 1) + " lacks a name or type");
      }
      if (spec.type() == FeatureSpec.FeatureKind.numeric) {
        String name = modelFeatureNames.contains(spec.name()) ? spec.name() : FeatureNames.oneHot(spec.name(), "value");
        slots.put(spec.name().intern(), new Slot(i, spec, name, null)); // see validate
        refs.put(name, new FeatureRef(spec.name(), null));
      } else {
        Collection<String> categories = spec.categories();
        if (categories == null || categories.isEmpty()) {
          categories = categoriesFromModel(spec.name(), modelFeatureNames);
        }
        Map<String, String> oneHot = new HashMap<>(categories.size() * 2);
        for (String c : categories) {
          String name = FeatureNames.oneHot(spec.name(), c);
          oneHot.put(c, name);
          refs.put(name, new FeatureRef(spec.name(), c));
        }
        slots.put(spec.name().intern(), new Slot(i, new FeatureSpec(spec.name(), spec.type(), List.copyOf(categories)), null,
            Map.copyOf(oneHot)));
      }
    }
    // One-hot features the model knows but the signature omits still map back for explanations.
    for (String n : modelFeatureNames) {
      if (refs.containsKey(n)) {
        continue;
      }
      for (String column : slots.keySet()) {
        String category = FeatureNames.categoryOf(column, n);
        if (category != null) {
          refs.put(n, new FeatureRef(column, "value".equals(category) ? null : category));
          break;
        }
      }
    }
    return new InputSchema(specs, Map.copyOf(slots), Map.copyOf(refs), signature.labelColumn());
  }

  private static Collection<String> categoriesFromModel(String column, Set<String> modelFeatureNames) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : modelFeatureNames) {
      String category = FeatureNames.categoryOf(column, n);
      if (category != null) {
        out.add(category);
      }
    }
    return out;
  }

  public List<FeatureSpec> features() { return features; }
  public int size() { return features.size(); }
  public String labelColumn() { return labelColumn; }

  public boolean isFeature(String name) { return slots.containsKey(name); }

  /** The request feature (and category) a Tribuo feature name stands for, or null. */
  public FeatureRef refOf(String tribuoFeatureName) {
    return byTribuoName.get(tribuoFeatureName);
  }

  /** Validates a JSON object of features: every bad field is listed, none is guessed. */
  public Validation validate(Map<String, ?> input, UnseenPolicy policy) {
    Object[] values = new Object[features.size()];
    boolean[] seen = new boolean[features.size()];
    List<ProblemError> errors = null;
    List<String> unknown = null;
    int seenCount = 0;
    if (input == null) {
      return Validation.invalid(List.of(ProblemError.field("features", "required: an object of feature values")));
    }
    for (Map.Entry<String, ?> e : input.entrySet()) {
      // Jackson interns field names, and the slots' keys are interned: the lookup's equals is an identity check.
      Slot slot = slots.get(e.getKey());
      if (slot == null) {
        errors = add(errors, ProblemError.field(FIELD_PREFIX + e.getKey(), "unknown feature (the model takes "
            + names() + ")"));
        continue;
      }
      seen[slot.index] = true;
      seenCount++;
      Object v = e.getValue();
      if (v == null || v instanceof String str && FeatureValues.isMissing(str)) {
        continue;
      }
      if (slot.numeric) {
        if (v instanceof Number n) {
          double d = n.doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            errors = add(errors, ProblemError.field(slot.field, "must be a finite number"));
          } else {
            values[slot.index] = d;
          }
        } else {
          errors = add(errors, ProblemError.field(slot.field, "must be a number, got " + typeOf(v)));
        }
      } else if (v instanceof String str) {
        String s = FeatureValues.strip(str);
        if (slot.categoryFeature.containsKey(s)) {
          values[slot.index] = s;
        } else if (policy == UnseenPolicy.UNKNOWN) {
          values[slot.index] = s;
          unknown = add(unknown, slot.spec.name());
        } else {
          errors = add(errors, ProblemError.field(slot.field, "unseen category '" + s + "' (known: "
              + String.join(", ", slot.spec.categories()) + ")"));
        }
      } else {
        errors = add(errors, ProblemError.field(slot.field, "must be a string (one of "
            + String.join(", ", slot.spec.categories()) + "), got " + typeOf(v)));
      }
    }
    if (seenCount < seen.length) {
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i]) {
          errors = add(errors, ProblemError.field(FIELD_PREFIX + features.get(i).name(),
              "missing (send null when the value is not known)"));
        }
      }
    }
    if (errors == null && !encodable(values)) {
      errors = add(errors, ProblemError.field("features", NOTHING_KNOWN));
    }
    return errors == null ? new Validation(new Row(values, unknown == null ? List.of() : unknown), null)
        : Validation.invalid(errors);
  }

  /**
   * The same request in this model's own slots, from a row another model's schema validated (a shadow
   * beside the served model): values move by feature name, never by position, and are validated as a
   * request to this model alone would be. A feature this model takes and {@code source} lacks is
   * missing (invalid); features only {@code source} takes are left out.
   */
  public Validation fromRow(InputSchema source, Row row, UnseenPolicy policy) {
    Object[] values = row.values();
    Map<String, Object> input = new HashMap<>(features.size() * 2);
    for (FeatureSpec f : features) {
      Slot at = source.slots.get(f.name());
      if (at != null) {
        input.put(f.name(), values[at.index]);
      }
    }
    return validate(input, policy);
  }

  /**
   * Validates one CSV row: {@code columnSlots[i]} is the feature index of column {@code i} (or -1 for
   * a column that is not a feature). A cell is read as a training CSV cell is: see the class comment.
   */
  public Validation validateText(String[] cells, int[] columnSlots, UnseenPolicy policy, long row) {
    Object[] values = new Object[features.size()];
    List<ProblemError> errors = null;
    List<String> unknown = null;
    for (int c = 0; c < columnSlots.length; c++) {
      int idx = columnSlots[c];
      if (idx < 0) {
        continue;
      }
      String cell = c < cells.length ? cells[c] : null;
      if (FeatureValues.isMissing(cell)) {
        continue;
      }
      String text = FeatureValues.strip(cell);
      FeatureSpec spec = features.get(idx);
      Slot slot = slotAt[idx];
      if (slot.numeric) {
        double d = Numbers.parse(text);
        if (Double.isNaN(d)) {
          errors = add(errors, ProblemError.at(row, c + 1, spec.name(), "must be a number, got '" + text + "'"));
        } else {
          values[idx] = d;
        }
      } else if (slot.categoryFeature.containsKey(text)) {
        values[idx] = text;
      } else if (policy == UnseenPolicy.UNKNOWN) {
        values[idx] = text;
        unknown = add(unknown, spec.name());
      } else {
        errors = add(errors, ProblemError.at(row, c + 1, spec.name(), "unseen category '" + text + "' (known: "
            + String.join(", ", spec.categories()) + ")"));
      }
    }
    if (errors == null && !encodable(values)) {
      errors = add(errors, ProblemError.at(row, null, NOTHING_KNOWN));
    }
    return errors == null ? new Validation(new Row(values, unknown == null ? List.of() : unknown), null)
        : Validation.invalid(errors);
  }

  /**
   * Maps a CSV header to feature slots. Columns that are not features are rejected unless listed in
   * {@code ignorable} (e.g. the label column or a row id); every missing feature column is listed.
   */
  public int[] columnSlots(String[] header, Set<String> ignorable, List<ProblemError> errors) {
    int[] out = new int[header.length];
    boolean[] seen = new boolean[features.size()];
    for (int c = 0; c < header.length; c++) {
      Slot slot = slots.get(header[c]);
      if (slot == null) {
        out[c] = -1;
        if (!ignorable.contains(header[c])) {
          errors.add(ProblemError.at(1, c + 1, header[c], "unknown column (the model takes " + names() + ")"));
        }
      } else if (seen[slot.index]) {
        out[c] = -1;
        errors.add(ProblemError.at(1, c + 1, header[c], "duplicate column"));
      } else {
        seen[slot.index] = true;
        out[c] = slot.index;
      }
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        errors.add(ProblemError.at(1, null, features.get(i).name(), "missing column"));
      }
    }
    return out;
  }

  /** The Tribuo example for a valid row: numeric value, or one-hot {@code col@category} = 1.0. */
  public ArrayExample<Label> toExample(Row row) {
    Object[] values = row.values();
    String[] names = new String[values.length];
    double[] vals = new double[values.length];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      Slot slot = slotAt[i];
      if (slot.numeric) {
        names[n] = slot.tribuoName;
        vals[n++] = (Double) v;
      } else {
        String f = slot.categoryFeature.get((String) v);
        if (f != null) { // an accepted unknown category sets no bit
          names[n] = f;
          vals[n++] = 1.0;
        }
      }
    }
    if (n < names.length) {
      names = Arrays.copyOf(names, n);
      vals = Arrays.copyOf(vals, n);
    }
    return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, vals);
  }

  /**
   * Encodes valid rows straight into the feature ids of one model's feature map, as Tribuo's
   * {@code SparseVector.createSparseVector(example, featureMap, false)} would from {@link #toExample}:
   * the same features and values, with the name lookups and sorts done once instead of per row.
   */
  public VectorEncoder encoderFor(ImmutableFeatureMap featureMap) {
    int[] numericId = new int[features.size()];
    @SuppressWarnings("unchecked")
    Map<String, Integer>[] categoryId = new Map[features.size()];
    for (int i = 0; i < features.size(); i++) {
      Slot slot = slotAt[i];
      numericId[i] = -1;
      if (slot.numeric) {
        numericId[i] = idOf(featureMap, slot.tribuoName);
      } else {
        Map<String, Integer> ids = new HashMap<>();
        slot.categoryFeature.forEach((category, tribuoName) -> {
          int id = idOf(featureMap, tribuoName);
          if (id >= 0) {
            ids.put(category, id);
          }
        });
        categoryId[i] = Map.copyOf(ids);
      }
    }
    return new VectorEncoder(numericId, categoryId, featureMap.size());
  }

  private static int idOf(ImmutableFeatureMap featureMap, String tribuoName) {
    return featureMap.get(tribuoName) == null ? -1 : featureMap.getID(tribuoName);
  }

  /** See {@link #encoderFor}. Immutable, thread-safe. */
  public static final class VectorEncoder {
    private final int[] numericId;
    private final Map<String, Integer>[] categoryId;
    private final int dimension;

    private VectorEncoder(int[] numericId, Map<String, Integer>[] categoryId, int dimension) {
      this.numericId = numericId;
      this.categoryId = categoryId;
      this.dimension = dimension;
    }

    public SparseVector encode(Row row) {
      Object[] values = row.values();
      int[] ids = new int[values.length];
      double[] vals = new double[values.length];
      int n = 0;
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v == null) {
          continue;
        }
        int id;
        double value;
        if (categoryId[i] == null) {
          id = numericId[i];
          value = (Double) v;
        } else {
          Integer known = categoryId[i].get((String) v); // an accepted unknown category sets no bit
          id = known == null ? -1 : known;
          value = 1.0;
        }
        if (id < 0) {
          continue;
        }
        int at = n++; // insertion sort by id: a dozen features
        while (at > 0 && ids[at - 1] > id) {
          ids[at] = ids[at - 1];
          vals[at] = vals[at - 1];
          at--;
        }
        ids[at] = id;
        vals[at] = value;
      }
      return SparseVector.createSparseVector(dimension, Arrays.copyOf(ids, n), Arrays.copyOf(vals, n));
    }
  }

  /** Whether at least one value sets a feature: Tribuo refuses an example without any. */
  private boolean encodable(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Double || (v instanceof String str && slotAt[i].categoryFeature.containsKey(str))) {
        return true;
      }
    }
    return false;
  }

  /** A row with every numeric value 0 and every categorical value its first category: for a load-time smoke test. */
  public Row sampleRow() {
    Object[] values = new Object[features.size()];
    for (int i = 0; i < values.length; i++) {
      FeatureSpec f = features.get(i);
      values[i] = f.type() == FeatureSpec.FeatureKind.numeric ? (Object) 0.0
          : f.categories().isEmpty() ? null : f.categories().get(0);
    }
    return new Row(values, List.of());
  }

  private String names() {
    List<String> out = new ArrayList<>(features.size());
    for (FeatureSpec f : features) {
      out.add(f.name());
    }
    return String.join(", ", out);
  }

  private static String typeOf(Object v) {
    if (v instanceof String) return "a string";
    if (v instanceof Number) return "a number";
    if (v instanceof Boolean) return "a boolean";
    if (v instanceof List<?>) return "an array";
    if (v instanceof Map<?, ?>) return "an object";
    return v.getClass().getSimpleName();
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>(4) : list;
    l.add(item);
    return l;
  }

  /** Values in signature order (Double, String or null), and the features accepted as unknown categories. */
  public record Row(Object[] values, List<String> unknownCategories) {}

  /** Either a row or the list of everything wrong with the input. */
  public record Validation(Row row, List<ProblemError> errors) {
    static Validation invalid(List<ProblemError> errors) {
      return new Validation(null, errors);
    }

    public boolean valid() { return errors == null; }
  }
}
