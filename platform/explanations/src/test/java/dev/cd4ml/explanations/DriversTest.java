package dev.cd4ml.explanations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class DriversTest {
  private static final List<String> COLUMNS = List.of("age", "income", "housing", "noise");
  private static final List<String> HOUSING = List.of("rent", "own", "free");

  /** Default iff young and renting, or income low: age, housing and income matter, noise does not. */
  private static List<ArrayExample<Label>> rows(int n, long seed) {
    Random r = new Random(seed);
    List<ArrayExample<Label>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double age = 18 + r.nextInt(60);
      double income = 10_000 + r.nextInt(90_000);
      String housing = HOUSING.get(r.nextInt(3));
      boolean bad = (age < 30 && housing.equals("rent")) || income < 25_000;
      ArrayExample<Label> e = new ArrayExample<>(new Label(bad ? "yes" : "no"));
      e.add("age", age);
      e.add("income", income);
      e.add("housing@" + housing, 1.0);
      e.add("noise", r.nextDouble());
      rows.add(e);
    }
    return rows;
  }

  private static MutableDataset<Label> dataset(List<ArrayExample<Label>> rows) {
    LabelFactory f = new LabelFactory();
    MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("test", f), f);
    ds.addAll(rows);
    return ds;
  }

  private static FeatureColumns columnsOf(Model<Label> model) {
    List<String> names = new ArrayList<>();
    for (VariableInfo v : model.getFeatureIDMap()) {
      names.add(v.getName());
    }
    return FeatureColumns.of(COLUMNS, names);
  }

  @Test
  void oneHotFeaturesAreNamedAfterTheirInputColumn() {
    FeatureColumns c = FeatureColumns.of(List.of("age", "housing", "home@country", "home"),
        List.of("age", "age@value", "housing@rent", "housing@own", "home@country@uk", "home@fr", "other"));
    assertEquals("age", c.columnOf("age"));
    assertEquals("age", c.columnOf("age@value"));
    assertEquals("housing", c.columnOf("housing@rent"));
    assertEquals("home@country", c.columnOf("home@country@uk"), "the longest column wins when names contain '@'");
    assertEquals("home", c.columnOf("home@fr"));
    assertNull(c.columnOf("other"));
  }

  @Test
  void aDecisionPathIsDrivenByTheColumnsItTestsRootFirstEachOnce() {
    FeatureColumns c = FeatureColumns.of(COLUMNS, List.of("age", "income", "housing@rent", "housing@own"));
    DecisionPath path = new DecisionPath(List.of(new DecisionPath.Split("housing@rent", 0.5, true),
        new DecisionPath.Split("age", 30, false), new DecisionPath.Split("housing@own", 0.5, false),
        new DecisionPath.Split("income", 25_000, true)), "yes");
    Drivers d = Drivers.of(path, c);
    assertEquals(Drivers.DECISION_PATH, d.method());
    assertEquals(List.of("housing", "age", "income"), d.drivers());
    assertNull(d.weights());
  }

  @Test
  void limeDriversKeepTheLargestWeightPerColumnAndAtMostFive() {
    List<String> cols = List.of("a", "b", "c", "d", "e", "f", "g");
    FeatureColumns c = FeatureColumns.of(cols, List.of("a", "b@x", "b@y", "c", "d", "e", "f", "g"));
    List<Lime.Weight> w = List.of(new Lime.Weight("b@x", -0.9), new Lime.Weight("a", 0.5), new Lime.Weight("b@y", 0.4),
        new Lime.Weight("c", 0.3), new Lime.Weight("d", -0.2), new Lime.Weight("e", 0.1), new Lime.Weight("f", 0.05));
    Drivers d = Drivers.of(w, c);
    assertEquals(List.of("b", "a", "c", "d", "e"), d.drivers());
    assertEquals(List.of("b", "a", "c", "d", "e"), List.copyOf(d.weights().keySet()));
    assertEquals(-0.9, d.weights().get("b"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTreeIsExplainedByTheColumnsOnThePathItPredictsWith() {
    List<ArrayExample<Label>> train = rows(2000, 1);
    Model<Label> tree = new CARTClassificationTrainer(6).train(dataset(train));
    FeatureColumns c = columnsOf(tree);
    Set<String> seen = new HashSet<>();
    for (ArrayExample<Label> e : rows(300, 2)) {
      String predicted = tree.predict(e).getOutput().getLabel();
      DecisionPath path = DecisionPath.of((TreeModel<Label>) tree, e);
      assertEquals(predicted, path.leaf(), "the path ends in the leaf the tree predicts");
      Drivers d = Drivers.explain(tree, e, predicted, c, Lime.DEFAULT_SAMPLES);
      assertEquals(Drivers.DECISION_PATH, d.method());
      assertFalse(d.drivers().isEmpty());
      assertTrue(d.drivers().size() <= Drivers.MAX_DRIVERS);
      assertEquals(d.drivers().size(), Set.copyOf(d.drivers()).size(), "each column once");
      assertTrue(COLUMNS.containsAll(d.drivers()), d.drivers()::toString);
      seen.addAll(d.drivers());
    }
    assertTrue(seen.containsAll(List.of("age", "income", "housing")), seen::toString);
  }

  @Test
  void aForestIsExplainedByItsLargestLimeWeightsDeterministically() {
    RandomForestTrainer<Label> rf = new RandomForestTrainer<>(new CARTClassificationTrainer(6, 0.7f, 3),
        new VotingCombiner(), 10);
    Model<Label> forest = rf.train(dataset(rows(2000, 3)));
    FeatureColumns c = columnsOf(forest);
    ArrayExample<Label> e = rows(1, 4).get(0);
    String predicted = forest.predict(e).getOutput().getLabel();
    Drivers a = Drivers.explain(forest, e, predicted, c, 150);
    Drivers b = Drivers.explain(forest, e, predicted, c, 150);
    assertEquals(Drivers.LIME, a.method());
    assertFalse(a.drivers().isEmpty());
    assertEquals(a, b, "seeded: the same row gets the same drivers");
    assertTrue(COLUMNS.containsAll(a.drivers()), a.drivers()::toString);
    assertEquals(a.drivers(), List.copyOf(a.weights().keySet()));
    double last = Double.MAX_VALUE;
    for (Map.Entry<String, Double> w : a.weights().entrySet()) {
      assertTrue(Math.abs(w.getValue()) <= last, "largest magnitude first");
      last = Math.abs(w.getValue());
    }
  }

  @Test
  void sharesCountEachColumnOncePerRowAndListEveryColumn() {
    List<Drivers> d = List.of(new Drivers("x", List.of("age", "housing"), null),
        new Drivers("x", List.of("age"), null), new Drivers("x", List.of("income", "age"), null),
        new Drivers("x", List.of("housing"), null));
    Map<String, Double> s = Drivers.shares(d, COLUMNS);
    assertEquals(Map.of("age", 0.75, "income", 0.25, "housing", 0.5, "noise", 0.0), s);
  }
}
