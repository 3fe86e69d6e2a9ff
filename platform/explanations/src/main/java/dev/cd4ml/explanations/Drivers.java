package dev.cd4ml.explanations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;

/**
 * What drives one prediction, in input columns: for a single tree the columns tested on its decision
 * path (root first: the first test splits the most rows), for a forest the columns of its largest LIME
 * weights (largest magnitude first). A column counts once, at its first place; at most
 * {@link #MAX_DRIVERS}. Training measures how often each column drives its held-out predictions with
 * this definition and serving logs it for sampled predictions, so the two shares are comparable.
 *
 * @param method  {@link #DECISION_PATH} or {@link #LIME}
 * @param drivers input column names, most important first
 * @param weights column → LIME weight of its largest one-hot/numeric feature (same order as drivers);
 *                null for a decision path
 */
public record Drivers(String method, List<String> drivers, Map<String, Double> weights) {
  public static final String DECISION_PATH = "decision-path";
  public static final String LIME = "lime";
  public static final int MAX_DRIVERS = 5;

  /** The drivers of a decision path. */
  public static Drivers of(DecisionPath path, FeatureColumns columns) {
    Set<String> drivers = new LinkedHashSet<>();
    for (DecisionPath.Split s : path.splits()) {
      if (drivers.size() == MAX_DRIVERS) {
        break;
      }
      String column = columns.columnOf(s.feature());
      drivers.add(column == null ? s.feature() : column);
    }
    return new Drivers(DECISION_PATH, List.copyOf(drivers), null);
  }

  /** The drivers of LIME weights (already ordered by magnitude, see {@link Lime}). */
  public static Drivers of(List<Lime.Weight> weights, FeatureColumns columns) {
    Map<String, Double> byColumn = new LinkedHashMap<>();
    for (Lime.Weight w : weights) {
      if (byColumn.size() == MAX_DRIVERS) {
        break;
      }
      String column = columns.columnOf(w.feature());
      byColumn.putIfAbsent(column == null ? w.feature() : column, w.weight());
    }
    return new Drivers(LIME, List.copyOf(byColumn.keySet()), Collections.unmodifiableMap(byColumn));
  }

  /** The share of rows in which each column is among the drivers; every column of {@code columns} gets a share. */
  public static Map<String, Double> shares(List<Drivers> explained, List<String> columns) {
    Map<String, Double> shares = new LinkedHashMap<>();
    if (explained.isEmpty()) {
      return shares;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String c : columns) {
      counts.put(c, 0);
    }
    for (Drivers d : explained) {
      for (String c : d.drivers()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    counts.forEach((c, n) -> shares.put(c, (double) n / explained.size()));
    return shares;
  }

  /**
   * The drivers of {@code model}'s prediction {@code predicted} for {@code example}: the decision path
   * of a single tree, LIME for an ensemble that gives probabilities; null for a model neither way fits.
   */
  @SuppressWarnings("unchecked")
  public static Drivers explain(Model<Label> model, Example<Label> example, String predicted, FeatureColumns columns,
      int limeSamples) {
    if (model instanceof TreeModel<?> && !(model instanceof EnsembleModel<?>)) {
      return of(DecisionPath.of((TreeModel<Label>) model, example), columns);
    }
    if (model instanceof EnsembleModel<?> && model.generatesProbabilities()) {
      return of(Lime.weights(model, example, predicted, limeSamples), columns);
    }
    return null;
  }
}
