package dev.cd4ml.serving.domain;

import dev.cd4ml.explanations.DecisionPath;
import dev.cd4ml.explanations.Drivers;
import dev.cd4ml.explanations.Lime;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.TreeModel;

/**
 * Explanations: the decision path of a single tree, LIME weights for an ensemble. The walk, LIME and
 * what counts as a driver are platform/explanations' (training measures the same drivers); this class
 * words them for the response: each test as it held for the row, weights by feature or category.
 */
public final class Explainer {
  private final int limeSamples;

  public Explainer(int limeSamples) {
    this.limeSamples = limeSamples;
  }

  /** The response's explanation and, when the model could be explained, its drivers (for the explanation log). */
  public record Explained(Explanation explanation, Drivers drivers) {}

  @SuppressWarnings("unchecked")
  public Explained explain(LoadedModel model, Example<Label> example, InputSchema.Row row, String predicted) {
    return switch (model.kind()) {
      case tree -> {
        DecisionPath path = DecisionPath.of((TreeModel<Label>) model.model(), example);
        yield new Explained(decisionPath(model, path, row), Drivers.of(path, model.featureColumns()));
      }
      case ensemble -> {
        if (!model.hasProbabilities()) {
          yield new Explained(Explanation.unavailable("this ensemble produces no probabilities, which LIME needs"), null);
        }
        List<Lime.Weight> weights = Lime.weights(model.model(), example, predicted, limeSamples);
        yield new Explained(lime(model, weights, predicted), Drivers.of(weights, model.featureColumns()));
      }
      default -> new Explained(
          Explanation.unavailable("no explainer for " + model.model().getClass().getSimpleName()), null);
    };
  }

  /** Only the drivers (for a sampled prediction's explanation record); null when the model cannot be explained. */
  public Drivers drivers(LoadedModel model, InputSchema.Row row, String predicted) {
    return Drivers.explain(model.model(), model.schema().toExample(row), predicted, model.featureColumns(), limeSamples);
  }

  /** Lists each test taken along the tree's branch. */
  @SuppressWarnings("unchecked")
  public static Explanation decisionPath(LoadedModel model, Example<Label> example, InputSchema.Row row) {
    return decisionPath(model, DecisionPath.of((TreeModel<Label>) model.model(), example), row);
  }

  private static Explanation decisionPath(LoadedModel model, DecisionPath path, InputSchema.Row row) {
    List<Explanation.Step> steps = new ArrayList<>(path.splits().size());
    for (DecisionPath.Split s : path.splits()) {
      steps.add(step(model.schema(), row, s.feature(), s.threshold(), s.greater()));
    }
    return new Explanation(Drivers.DECISION_PATH, steps, path.leaf(), null, null);
  }

  private static Explanation.Step step(InputSchema schema, InputSchema.Row row, String tribuoName,
      double threshold, boolean greater) {
    String split = tribuoName + (greater ? " > " : " <= ") + fmt(threshold);
    InputSchema.FeatureRef ref = schema.refOf(tribuoName);
    if (ref == null) {
      return new Explanation.Step(tribuoName, split, null, split);
    }
    Object value = valueOf(schema, row, ref.feature());
    String condition;
    if (ref.category() != null && threshold >= 0.0 && threshold < 1.0) {
      // A one-hot bit: above the threshold means "is this category".
      condition = ref.feature() + (greater ? " == " : " != ") + ref.category();
    } else {
      condition = ref.feature() + (greater ? " > " : " <= ") + fmt(threshold);
    }
    return new Explanation.Step(ref.feature(), condition, value, split);
  }

  private static Object valueOf(InputSchema schema, InputSchema.Row row, String feature) {
    for (int i = 0; i < schema.size(); i++) {
      if (schema.features().get(i).name().equals(feature)) {
        return row.values()[i];
      }
    }
    return null;
  }

  private Explanation lime(LoadedModel model, List<Lime.Weight> limeWeights, String predicted) {
    List<Explanation.Weight> weights = new ArrayList<>(limeWeights.size());
    for (Lime.Weight w : limeWeights) {
      InputSchema.FeatureRef ref = model.schema().refOf(w.feature());
      String name = ref == null ? w.feature() : ref.category() == null ? ref.feature() : ref.feature() + "=" + ref.category();
      weights.add(new Explanation.Weight(name, w.weight()));
    }
    return new Explanation(Drivers.LIME, null, null, weights,
        limeSamples + " samples around the input, seed " + Lime.SEED + ", weights for label " + predicted);
  }

  private static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    String s = String.format(java.util.Locale.ROOT, "%.6g", d);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
