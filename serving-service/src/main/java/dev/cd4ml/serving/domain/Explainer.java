package dev.cd4ml.serving.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.SparseModel;
import org.tribuo.classification.Label;
import org.tribuo.classification.explanations.lime.LIMEBase;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.math.la.SparseVector;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.LARSLassoTrainer;

/** Explanations: the decision path of a single tree, LIME weights for an ensemble. */
public final class Explainer {
  /** Seeded so the same request gets the same explanation. */
  private static final long LIME_SEED = 42L;
  private static final int LIME_FEATURES = 8;

  private final int limeSamples;

  public Explainer(int limeSamples) {
    this.limeSamples = limeSamples;
  }

  public Explanation explain(LoadedModel model, Example<Label> example, InputSchema.Row row, String predicted) {
    return switch (model.kind()) {
      case tree -> decisionPath(model, example, row);
      case ensemble -> model.hasProbabilities() ? lime(model, example, predicted)
          : Explanation.unavailable("this ensemble produces no probabilities, which LIME needs");
      default -> Explanation.unavailable("no explainer for " + model.model().getClass().getSimpleName());
    };
  }

  /** Walks the tree as Tribuo does ({@code value > threshold} goes right) and lists each test taken. */
  @SuppressWarnings("unchecked")
  public static Explanation decisionPath(LoadedModel model, Example<Label> example, InputSchema.Row row) {
    TreeModel<Label> tree = (TreeModel<Label>) model.model();
    ImmutableFeatureMap fmap = tree.getFeatureIDMap();
    SparseVector vector = SparseVector.createSparseVector(example, fmap, false);
    List<Explanation.Step> steps = new ArrayList<>();
    Node<Label> node = tree.getRoot();
    while (node != null && !node.isLeaf()) {
      SplitNode<Label> split = (SplitNode<Label>) node;
      String tribuoName = fmap.get(split.getFeatureID()).getName();
      double threshold = split.splitValue();
      boolean greater = vector.get(split.getFeatureID()) > threshold;
      steps.add(step(model.schema(), row, tribuoName, threshold, greater));
      node = greater ? split.getGreaterThan() : split.getLessThanOrEqual();
    }
    String leaf = node instanceof LeafNode<Label> l ? l.getOutput().getLabel() : null;
    return new Explanation("decision-path", steps, leaf, null, null);
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

  private Explanation lime(LoadedModel model, Example<Label> example, String predicted) {
    LIMEBase lime = new LIMEBase(new SplittableRandom(LIME_SEED), model.model(),
        new LARSLassoTrainer(LIME_FEATURES), limeSamples);
    LIMEExplanation explanation = lime.explain(example);
    SparseModel<Regressor> linear = explanation.getModel();
    Map<String, List<Pair<String, Double>>> top = linear.getTopFeatures(LIME_FEATURES);
    List<Pair<String, Double>> forLabel = top.get(predicted);
    List<Explanation.Weight> weights = new ArrayList<>();
    if (forLabel != null) {
      for (Pair<String, Double> p : forLabel) {
        if (p.getA().equals(org.tribuo.Model.BIAS_FEATURE) || p.getB() == 0.0) {
          continue;
        }
        InputSchema.FeatureRef ref = model.schema().refOf(p.getA());
        String name = ref == null ? p.getA() : ref.category() == null ? ref.feature() : ref.feature() + "=" + ref.category();
        weights.add(new Explanation.Weight(name, p.getB()));
      }
    }
    weights.sort((a, b) -> Double.compare(Math.abs(b.weight()), Math.abs(a.weight())));
    return new Explanation("lime", null, null, weights,
        limeSamples + " samples around the input, seed " + LIME_SEED + ", weights for label " + predicted);
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
