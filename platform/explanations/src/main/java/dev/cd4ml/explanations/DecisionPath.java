package dev.cd4ml.explanations;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.math.la.SparseVector;

/**
 * The branch of a single tree one example takes, walked as Tribuo predicts ({@code value > threshold}
 * goes right; an absent feature is 0.0), root first.
 *
 * @param leaf the label of the leaf reached (what the tree predicts)
 */
public record DecisionPath(List<Split> splits, String leaf) {

  /** One test on the path: Tribuo's feature name, its threshold, and whether the example went right. */
  public record Split(String feature, double threshold, boolean greater) {}

  @SuppressWarnings("unchecked")
  public static DecisionPath of(TreeModel<Label> tree, Example<Label> example) {
    ImmutableFeatureMap fmap = tree.getFeatureIDMap();
    SparseVector vector = SparseVector.createSparseVector(example, fmap, false);
    List<Split> splits = new ArrayList<>();
    Node<Label> node = tree.getRoot();
    while (node != null && !node.isLeaf()) {
      SplitNode<Label> split = (SplitNode<Label>) node;
      double threshold = split.splitValue();
      boolean greater = vector.get(split.getFeatureID()) > threshold;
      splits.add(new Split(fmap.get(split.getFeatureID()).getName(), threshold, greater));
      node = greater ? split.getGreaterThan() : split.getLessThanOrEqual();
    }
    String leaf = node instanceof LeafNode<Label> l ? l.getOutput().getLabel() : null;
    return new DecisionPath(List.copyOf(splits), leaf);
  }
}
