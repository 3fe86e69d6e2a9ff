package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.feature.Numbers;
import dev.cd4ml.contracts.dataset.DatasetProfile.CategoricalProfile;
import dev.cd4ml.contracts.dataset.DatasetProfile.ColumnProfile;
import dev.cd4ml.contracts.dataset.DatasetProfile.GroupProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates, types and profiles the records of one upload as they stream by.
 *
 * <p>Types: on the first version (or with {@code allowSchemaChange}) a column is numeric iff it
 * has at least one value and every non-missing value is a number; the label column is always
 * categorical (this platform does classification), and so is the id column (an identifier). On later versions the dataset's schema
 * fixes the types of its columns: a non-numeric value in a numeric column is an error.
 *
 * <p>Codes are not quantities: a column the uploader declares categorical stays categorical, and so
 * does a column with a zero-padded integer ({@code 007}, {@code 0431}): nobody writes an amount that
 * way, but postcodes, branch and product codes are written so. Every row needs a label, and the label
 * has at most {@value #MAX_CLASSES} classes (more is a regression target, which this platform does not
 * train): both are refused here, so a stored version always trains.
 *
 * <p>Values, missing values and numbers follow the platform's one rule ({@link FeatureValues},
 * {@link Numbers}), which training and serving apply too: surrounding spaces and tabs are not part
 * of a value, and a category is counted under its stripped text.
 */
public final class DatasetAnalyzer implements CsvScanner.Sink {
  private static final int INFER = 0;
  private static final int NUMERIC = 1;
  private static final int CATEGORICAL = 2;
  private static final int MISSING = -2;
  /** Most distinct label values a classification dataset may have (the profile's label counts per group too). */
  public static final int MAX_CLASSES = 50;

  private final UploadOptions options;
  private final DatasetSchema current;
  private final IngestErrors errors;
  private final IngestLimits limits;

  private String[] names;
  private int[] modes;
  private boolean[] numericSoFar;
  private NumericStats[] numeric;
  private CategoryCounter[] categories;
  private long[] missing;
  private int[] lastIndex;
  private int labelIndex = -1;
  private String label;
  private String idColumn;
  private List<String> protectedColumns = List.of();
  private int[] protectedIndex = new int[0];
  private GroupCounts[] groups = new GroupCounts[0];
  private long rows;
  private boolean headerSeen;

  public DatasetAnalyzer(UploadOptions options, DatasetSchema current, IngestErrors errors, IngestLimits limits) {
    this.options = options;
    this.current = current;
    this.errors = errors;
    this.limits = limits;
  }

  @Override
  public void record(CsvRecord r) {
    if (!headerSeen) {
      header(r);
      headerSeen = true;
    } else {
      row(r);
    }
  }

  private void header(CsvRecord r) {
    int n = r.size();
    names = new String[n];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = r.text(i);
      names[i] = name;
      if (name.isBlank()) {
        errors.malformed(r.line(), i + 1, null, "column " + (i + 1) + " of the header has no name");
      } else if (seen.containsKey(name)) {
        errors.malformed(r.line(), i + 1, name,
            "duplicate column name '" + name + "' (also column " + (seen.get(name) + 1) + ")");
      } else {
        seen.put(name, i);
      }
    }
    label = options.label() != null ? options.label() : current == null ? null : current.label();
    idColumn = options.idColumn() != null ? blankToNull(options.idColumn()) : current == null ? null : current.idColumn();
    protectedColumns = options.protectedColumns() != null ? options.protectedColumns()
        : current == null ? List.of() : current.protectedColumns();
    if (label == null) {
      errors.content("label", "the first version of a dataset needs a label column (query parameter 'label')");
    } else if (!seen.containsKey(label)) {
      errors.content("label", "label column '" + label + "' is not in the header");
    } else {
      labelIndex = seen.get(label);
    }
    if (idColumn != null && !seen.containsKey(idColumn)) {
      errors.content("id", "id column '" + idColumn + "' is not in the header");
    }
    if (idColumn != null && idColumn.equals(label)) {
      errors.content("id", "the id column cannot be the label column");
    }
    List<Integer> pIdx = new ArrayList<>();
    for (String p : protectedColumns) {
      if (!seen.containsKey(p)) {
        errors.content("protected", "protected column '" + p + "' is not in the header");
      } else if (p.equals(label)) {
        errors.content("protected", "the label column cannot be a protected column");
      } else {
        pIdx.add(seen.get(p));
      }
    }
    protectedIndex = pIdx.stream().mapToInt(Integer::intValue).toArray();

    for (String c : options.categoricalColumns()) {
      if (!seen.containsKey(c)) {
        errors.content("categorical", "categorical column '" + c + "' is not in the header");
      }
    }
    Map<String, ColumnType> fixed = new HashMap<>();
    if (current != null && !options.allowSchemaChange()) {
      for (ColumnSpec c : current.columns()) {
        fixed.put(c.name(), c.type());
      }
    }
    modes = new int[n];
    numericSoFar = new boolean[n];
    numeric = new NumericStats[n];
    categories = new CategoryCounter[n];
    missing = new long[n];
    lastIndex = new int[n];
    for (int i = 0; i < n; i++) {
      ColumnType t = fixed.get(names[i]);
      // The id column is an identifier, never a quantity: categorical like the label, so ids of another
      // form (a harvest's request ids after row numbers) fit the same dataset.
      boolean declared = options.categoricalColumns().contains(names[i]);
      if (declared && t == ColumnType.numeric) {
        errors.content("categorical", "column '" + names[i] + "' is numeric in schema revision " + current.revision()
            + ": typing it categorical is a schema change (allowSchemaChange=true)");
      }
      modes[i] = i == labelIndex || names[i].equals(idColumn) || declared ? CATEGORICAL
          : t == null ? INFER : t == ColumnType.numeric ? NUMERIC : CATEGORICAL;
      numericSoFar[i] = modes[i] != CATEGORICAL;
      if (modes[i] != CATEGORICAL) {
        numeric[i] = new NumericStats();
      }
      if (modes[i] != NUMERIC) {
        categories[i] = new CategoryCounter(limits.maxTrackedCategories());
      }
    }
    groups = new GroupCounts[protectedIndex.length];
    for (int k = 0; k < groups.length; k++) {
      groups[k] = new GroupCounts();
    }
  }

  private void row(CsvRecord r) {
    int n = names.length;
    if (r.size() != n) {
      errors.malformed(r.line(), null, null, "expected " + n + " fields as in the header, found " + r.size());
      return;
    }
    rows++;
    byte[] d = r.data();
    int labelValue = MISSING;
    for (int i = 0; i < n; i++) {
      int from = FeatureValues.valueStart(d, r.start(i), r.end(i));
      int to = FeatureValues.valueEnd(d, from, r.end(i));
      if (FeatureValues.isMissing(d, from, to)) {
        missing[i]++;
        lastIndex[i] = MISSING;
        continue;
      }
      int mode = modes[i];
      if (mode == CATEGORICAL) {
        int idx = categories[i].add(d, from, to);
        lastIndex[i] = idx;
        if (i == labelIndex) {
          labelValue = idx;
        }
      } else if (mode == NUMERIC) {
        lastIndex[i] = CategoryCounter.UNTRACKED;
        double v = Numbers.parse(d, from, to);
        if (Double.isNaN(v)) {
          errors.content(r.line(), i + 1, names[i], "'" + clip(r.text(i)) + "' is not a number, but column '"
              + names[i] + "' is numeric in schema revision " + current.revision());
        } else {
          numeric[i].add(v);
        }
      } else {
        if (numericSoFar[i]) {
          double v = Numbers.parse(d, from, to);
          if (Double.isNaN(v) || zeroPadded(d, from, to)) {
            numericSoFar[i] = false;
            numeric[i] = null;
          } else {
            numeric[i].add(v);
          }
        }
        lastIndex[i] = categories[i].add(d, from, to);
      }
    }
    if (labelIndex >= 0 && labelValue == MISSING) {
      errors.content(r.line(), labelIndex + 1, label, "no label: every row needs a value in label column '" + label
          + "' (a missing value in any spelling is none; a model learns from labelled rows only)");
    }
    for (int k = 0; k < protectedIndex.length; k++) {
      // A protected column fixed as numeric has no categories: its rows count as "(other)".
      groups[k].add(modes[protectedIndex[k]] == NUMERIC && lastIndex[protectedIndex[k]] != MISSING
          ? CategoryCounter.UNTRACKED : lastIndex[protectedIndex[k]], labelValue);
    }
  }

  /** An integer written with a leading zero ({@code 007}): a code, not a quantity. */
  private static boolean zeroPadded(byte[] d, int from, int to) {
    if (to - from < 2 || d[from] != '0') {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (d[k] < '0' || d[k] > '9') {
        return false;
      }
    }
    return true;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public boolean headerSeen() { return headerSeen; }
  public long rows() { return rows; }

  /** Ends the analysis: reports an empty file or a header without rows. */
  public Result finish(long lines) {
    if (!headerSeen) {
      errors.malformed(1, null, null, "the file is empty: a header line and at least one row are needed");
      return null;
    }
    if (rows == 0 && !errors.anyMalformed()) {
      errors.malformed(2, null, null, "the file has a header but no rows");
    }
    if (labelIndex >= 0 && categories[labelIndex].size() > MAX_CLASSES) {
      errors.content("label", "label column '" + label + "' has " + (categories[labelIndex].capped() ? "more than " : "")
          + categories[labelIndex].size() + " distinct values: a classification label has at most " + MAX_CLASSES
          + " classes (is it a quantity to predict? this platform trains classifiers)");
    }
    if (errors.any()) {
      return null;
    }
    List<ColumnSpec> columns = new ArrayList<>(names.length);
    Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      boolean isNumeric = modes[i] == NUMERIC
          || (modes[i] == INFER && numericSoFar[i] && numeric[i].count() > 0);
      ColumnType type = isNumeric ? ColumnType.numeric : ColumnType.categorical;
      columns.add(new ColumnSpec(names[i], type));
      profiles.put(names[i], isNumeric ? numericProfile(i) : categoricalProfile(i));
    }
    CategoricalProfile labelProfile = null;
    if (labelIndex >= 0) {
      CategoryCounter c = categories[labelIndex];
      Map<String, Long> top = c.top(limits.topCategories());
      labelProfile = new CategoricalProfile(label, rows - missing[labelIndex], missing[labelIndex], top,
          rows - missing[labelIndex] - sum(top));
    }
    Map<String, Map<String, GroupProfile>> byGroup = new LinkedHashMap<>();
    for (int k = 0; k < protectedIndex.length; k++) {
      byGroup.put(names[protectedIndex[k]], groups[k].profile(categories[protectedIndex[k]],
          labelIndex >= 0 ? categories[labelIndex] : null));
    }
    DatasetSchema schema = new DatasetSchema(current == null ? 1 : current.revision(), List.copyOf(columns), label,
        idColumn, List.copyOf(protectedColumns));
    return new Result(rows, schema, new DatasetProfile(rows, profiles, labelProfile, byGroup));
  }

  private ColumnProfile numericProfile(int i) {
    NumericStats s = numeric[i];
    NumericStats.Histogram h = s.histogram(limits.histogramBins());
    boolean any = s.count() > 0;
    return new ColumnProfile(ColumnType.numeric, s.count(), missing[i], any ? s.min() : null, any ? s.max() : null,
        any ? s.mean() : null, any ? s.std() : null, new DatasetProfile.Histogram(h.edges(), h.counts()),
        null, null, null, null);
  }

  private ColumnProfile categoricalProfile(int i) {
    CategoryCounter c = categories[i];
    Map<String, Long> top = c.top(limits.topCategories());
    long count = rows - missing[i];
    return new ColumnProfile(ColumnType.categorical, count, missing[i], null, null, null, null, null,
        c.size(), c.capped(), top, count - sum(top));
  }

  private static long sum(Map<String, Long> m) {
    long s = 0;
    for (long v : m.values()) {
      s += v;
    }
    return s;
  }

  /** The inferred schema (revision = the current one; the caller decides on a new revision) and profile. */
  public record Result(long rows, DatasetSchema schema, DatasetProfile profile) {}

  /** Rows and label counts per group of one protected column, in bounded memory. */
  private static final class GroupCounts {
    private static final int GROUPS = 200;
    private static final int LABELS = 50;
    private static final int G_OTHER = GROUPS;
    private static final int G_MISSING = GROUPS + 1;
    private static final int L_OTHER = LABELS;
    private static final int L_MISSING = LABELS + 1;
    private final long[][] counts = new long[GROUPS + 2][];

    void add(int group, int labelValue) {
      int g = group == MISSING ? G_MISSING : group < 0 || group >= GROUPS ? G_OTHER : group;
      int l = labelValue == MISSING ? L_MISSING : labelValue < 0 || labelValue >= LABELS ? L_OTHER : labelValue;
      long[] row = counts[g];
      if (row == null) {
        row = counts[g] = new long[LABELS + 2];
      }
      row[l]++;
    }

    Map<String, GroupProfile> profile(CategoryCounter groupNames, CategoryCounter labelNames) {
      Map<String, GroupProfile> out = new LinkedHashMap<>();
      for (int g = 0; g < counts.length; g++) {
        long[] row = counts[g];
        if (row == null) {
          continue;
        }
        String name = g == G_MISSING ? "(missing)" : g == G_OTHER || groupNames == null ? "(other)" : groupNames.value(g);
        Map<String, Long> labels = new LinkedHashMap<>();
        long total = 0;
        for (int l = 0; l < row.length; l++) {
          if (row[l] == 0) {
            continue;
          }
          total += row[l];
          String ln = l == L_MISSING ? "(missing)" : l == L_OTHER || labelNames == null ? "(other)" : labelNames.value(l);
          labels.merge(ln, row[l], Long::sum);
        }
        out.put(name, new GroupProfile(total, labels));
      }
      return out;
    }
  }
}
