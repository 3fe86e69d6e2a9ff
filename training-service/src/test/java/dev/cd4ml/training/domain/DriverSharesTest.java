package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.feature.FeatureNames;
import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.DemoData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;

class DriverSharesTest {
  private static final byte[] CSV = DemoData.csv(3_000, 21);

  private static ModelTraining.Prepared prepared() throws Exception {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(CSV), DemoData.SCHEMA, null, n -> { }, () -> false);
    return ModelTraining.prepare(data, SplitSpec.DEFAULT, 3, null, "demo");
  }

  private static List<String> columns(ModelTraining.Prepared p) {
    return p.signature().features().stream().map(f -> f.name()).toList();
  }

  /** The input column a Tribuo feature name belongs to (numeric columns are named as they are). */
  private static String columnOf(List<String> columns, String feature) {
    if (columns.contains(feature)) {
      return feature;
    }
    return columns.stream().filter(c -> FeatureNames.categoryOf(c, feature) != null).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static void splitFeatures(TreeModel<Label> tree, Node<Label> node, Set<String> out) {
    if (node != null && !node.isLeaf()) {
      SplitNode<Label> s = (SplitNode<Label>) node;
      out.add(tree.getFeatureIDMap().get(s.getFeatureID()).getName());
      splitFeatures(tree, s.getGreaterThan(), out);
      splitFeatures(tree, s.getLessThanOrEqual(), out);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTreesRootFeatureDrivesEveryRowAndUnusedFeaturesNone() throws Exception {
    ModelTraining.Prepared p = prepared();
    Model<Label> model = ModelTraining.train(Algorithm.CART, new TrainingParams(4, 20f, 1f, 1), 3, p.train());
    TreeModel<Label> tree = (TreeModel<Label>) model;
    List<String> columns = columns(p);
    Map<String, Double> shares = DriverShares.metrics(model, p.test(), columns, 3);

    assertThat(shares.keySet()).containsExactlyElementsOf(columns.stream().map(c -> "drivers." + c).toList());
    String root = columnOf(columns, tree.getFeatureIDMap().get(((SplitNode<Label>) tree.getRoot()).getFeatureID()).getName());
    assertThat(shares.get("drivers." + root)).isEqualTo(1.0);
    Set<String> used = new HashSet<>();
    Set<String> splitNames = new HashSet<>();
    splitFeatures(tree, tree.getRoot(), splitNames);
    splitNames.forEach(n -> used.add(columnOf(columns, n)));
    for (String c : columns) {
      double share = shares.get("drivers." + c);
      if (used.contains(c)) {
        assertThat(share).isBetween(0.0, 1.0);
      } else {
        assertThat(share).as("a feature the tree never tests never drives it: " + c).isEqualTo(0.0);
      }
      // every row was explained: a share is a count of held-out rows
      assertThat(share * p.test().size()).isCloseTo(Math.rint(share * p.test().size()), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(used).isNotEmpty();
  }

  @Test
  void aForestIsMeasuredOnASeededSampleOfTwoHundredRowsReproducibly() throws Exception {
    ModelTraining.Prepared p = prepared();
    assertThat(p.test().size()).isGreaterThan(DriverShares.LIME_ROWS);
    Model<Label> forest = ModelTraining.train(Algorithm.RANDOM_FOREST, new TrainingParams(5, 10f, 0.5f, 5), 3, p.train());
    List<String> columns = columns(p);
    Map<String, Double> a = DriverShares.metrics(forest, p.test(), columns, 3);
    Map<String, Double> b = DriverShares.metrics(forest, p.test(), columns, 3);
    assertThat(a).isEqualTo(b);
    assertThat(a).hasSize(columns.size());
    double total = 0;
    for (double share : a.values()) {
      assertThat(share).isBetween(0.0, 1.0);
      assertThat(share * DriverShares.LIME_ROWS).isCloseTo(Math.rint(share * DriverShares.LIME_ROWS),
          org.assertj.core.data.Offset.offset(1e-6));
      total += share;
    }
    // each explained row has between one and five drivers
    assertThat(total).isBetween(1.0, 5.0);
  }

  @Test
  void theSampleIsSeededDistinctAndInRowOrder() {
    List<Integer> rows = new ArrayList<>(IntStream.range(0, 1000).boxed().toList());
    List<Integer> a = DriverShares.sample(rows, 200, 9);
    assertThat(a).hasSize(200).doesNotHaveDuplicates().isSorted().isEqualTo(DriverShares.sample(rows, 200, 9));
    assertThat(DriverShares.sample(rows, 200, 10)).isNotEqualTo(a);
    assertThat(DriverShares.sample(rows.subList(0, 50), 200, 9)).hasSize(50);
  }
}
