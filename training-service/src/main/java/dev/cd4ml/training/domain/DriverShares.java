package dev.cd4ml.training.domain;

import dev.cd4ml.explanations.Drivers;
import dev.cd4ml.explanations.FeatureColumns;
import dev.cd4ml.explanations.Lime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.EnsembleModel;

/**
 * How often each input feature drives the model's held-out predictions, by the same definition serving
 * logs for its sampled predictions ({@link Drivers}), so monitoring can compare production with training.
 * A single tree explains every held-out row (a walk per row); a forest a seeded sample of at most
 * {@link #LIME_ROWS} rows, because LIME costs a few hundred predictions per row.
 */
public final class DriverShares {
  /** The run metrics' keys: {@code drivers.<feature>} = share of explained rows in which it is a driver. */
  public static final String PREFIX = "drivers.";
  public static final int LIME_ROWS = 200;

  private DriverShares() {}

  /**
   * @param columns the model's input features (the signature's), every one gets a share (0 when it never drives)
   * @return {@code drivers.<feature>} → share, empty when the model cannot be explained or there are no rows
   */
  public static Map<String, Double> metrics(Model<Label> model, List<? extends Example<Label>> heldOut,
      List<String> columns, long seed) {
    List<String> featureNames = new ArrayList<>();
    for (VariableInfo v : model.getFeatureIDMap()) {
      featureNames.add(v.getName());
    }
    FeatureColumns featureColumns = FeatureColumns.of(columns, featureNames);
    boolean lime = model instanceof EnsembleModel<?>;
    List<? extends Example<Label>> rows = lime ? sample(heldOut, LIME_ROWS, seed) : heldOut;
    List<Drivers> explained = new ArrayList<>(rows.size());
    for (Example<Label> e : rows) {
      // LIME explains the predicted label; a tree's path needs none (its leaf is the prediction).
      String predicted = lime ? model.predict(e).getOutput().getLabel() : null;
      Drivers d = Drivers.explain(model, e, predicted, featureColumns, Lime.DEFAULT_SAMPLES);
      if (d == null) {
        return Map.of(); // a model kind nothing explains: no shares rather than zeros
      }
      explained.add(d);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    Drivers.shares(explained, columns).forEach((c, share) -> metrics.put(PREFIX + c, share));
    return metrics;
  }

  /** A seeded sample without replacement, in the rows' order (partial Fisher-Yates over the indices). */
  static <T> List<T> sample(List<T> rows, int max, long seed) {
    if (rows.size() <= max) {
      return rows;
    }
    int[] idx = new int[rows.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Random random = new Random(seed);
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] chosen = Arrays.copyOf(idx, max);
    Arrays.sort(chosen);
    List<T> out = new ArrayList<>(max);
    for (int i : chosen) {
      out.add(rows.get(i));
    }
    return out;
  }
}
