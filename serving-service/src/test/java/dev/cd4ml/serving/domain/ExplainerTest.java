package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.serving.support.TestModels;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class ExplainerTest {
  private static final LoadedModel CART = new LoadedModel(TestModels.info("m", 1, new byte[] {1}, "CART"),
      TestModels.cart(5, 1), Instant.now());
  private static final LoadedModel FOREST = new LoadedModel(TestModels.info("m", 2, new byte[] {2}, "RF"),
      TestModels.forest(10, 2), Instant.now());

  @Test
  void decisionPathFollowsTheTreeToTheLeafItPredicts() {
    Random r = new Random(3);
    for (int i = 0; i < 200; i++) {
      Map<String, Object> row = TestModels.row(18 + r.nextInt(60), 12000 + r.nextInt(90000), r.nextInt(6),
          TestModels.SEX.get(r.nextInt(2)), TestModels.PURPOSE.get(r.nextInt(3)), TestModels.HOUSING.get(r.nextInt(2)));
      InputSchema.Row valid = CART.schema().validate(row, InputSchema.UnseenPolicy.REJECT).row();
      ArrayExample<Label> ex = CART.schema().toExample(valid);
      Explanation e = Explainer.decisionPath(CART, ex, valid);
      assertEquals("decision-path", e.method());
      assertFalse(e.path().isEmpty());
      assertEquals(CART.predict(ex).label(), e.leaf(), "the path ends in the leaf the model predicts");
      for (Explanation.Step s : e.path()) {
        assertTrue(row.containsKey(s.feature()), s.feature());
        assertEquals(row.get(s.feature()) instanceof Number n ? n.doubleValue() : row.get(s.feature()), s.value());
        assertTrue(s.condition().startsWith(s.feature() + " "), s.condition());
      }
    }
  }

  @Test
  void oneHotSplitsReadAsCategoryTests() {
    Map<String, Object> row = TestModels.sampleRow();
    InputSchema.Row valid = CART.schema().validate(row, InputSchema.UnseenPolicy.REJECT).row();
    Explanation e = Explainer.decisionPath(CART, CART.schema().toExample(valid), valid);
    for (Explanation.Step s : e.path()) {
      if (s.split().contains("@") && !s.split().contains("@value")) {
        String category = s.split().substring(s.split().indexOf('@') + 1, s.split().indexOf(' '));
        boolean is = category.equals(row.get(s.feature()));
        assertEquals(s.feature() + (is ? " == " : " != ") + category, s.condition());
      } else {
        double threshold = Double.parseDouble(s.split().substring(s.split().lastIndexOf(' ') + 1));
        double value = ((Number) row.get(s.feature())).doubleValue();
        assertEquals(value > threshold, s.condition().contains(" > "), s.toString());
      }
    }
  }

  @Test
  void forestIsExplainedByLimeWeightsDeterministically() {
    Explainer explainer = new Explainer(150);
    InputSchema.Row valid = FOREST.schema().validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT).row();
    ArrayExample<Label> ex = FOREST.schema().toExample(valid);
    String label = FOREST.predict(ex).label();
    Explanation a = explainer.explain(FOREST, ex, valid, label).explanation();
    Explanation b = explainer.explain(FOREST, FOREST.schema().toExample(valid), valid, label).explanation();
    assertEquals("lime", a.method());
    assertFalse(a.weights().isEmpty(), a::toString);
    assertEquals(a.weights(), b.weights(), "seeded: the same input gets the same explanation");
    Map<String, Double> seen = new HashMap<>();
    for (Explanation.Weight w : a.weights()) {
      String feature = w.feature().contains("=") ? w.feature().substring(0, w.feature().indexOf('=')) : w.feature();
      assertTrue(FOREST.schema().isFeature(feature), w.feature());
      seen.put(w.feature(), w.weight());
    }
    assertTrue(FOREST.hasProbabilities());
  }
}
