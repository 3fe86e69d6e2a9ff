package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.serving.support.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** The tree walked over directly encoded rows predicts exactly what Tribuo's TreeModel.predict does. */
class LoadedModelTest {

  @Test
  void aTreePredictsEveryRowAsTribuoDoes() {
    int checked = 0;
    for (long seed = 1; seed <= 4; seed++) {
      for (int depth : new int[] {2, 6, 12}) {
        LoadedModel m = load(TestModels.cart(depth, seed));
        for (InputSchema.Row row : rows(m, 300, seed)) {
          assertEquals(m.predict(m.schema().toExample(row)), m.predict(row), "row " + java.util.Arrays.toString(row.values()));
          checked++;
        }
      }
    }
    assertEquals(4 * 3 * 300, checked);
  }

  @Test
  void aForestStillPredictsThroughTribuo() {
    LoadedModel m = load(TestModels.forest(5, 3));
    for (InputSchema.Row row : rows(m, 50, 3)) {
      PredictionOutcome outcome = m.predict(row);
      assertEquals(m.predict(m.schema().toExample(row)), outcome);
      assertTrue(outcome.probabilities() != null && outcome.probabilities().size() == 2, "a forest has probabilities");
    }
  }

  private static LoadedModel load(Model<Label> model) {
    return new LoadedModel(TestModels.info("credit", 1, new byte[] {1}, "CART"), model, Instant.now());
  }

  /** Valid rows over the whole range: nulls, zeros, every category, and categories accepted as unknown. */
  private static List<InputSchema.Row> rows(LoadedModel m, int n, long seed) {
    Random r = new Random(seed);
    List<InputSchema.Row> rows = new ArrayList<>();
    while (rows.size() < n) {
      Map<String, Object> input = new java.util.HashMap<>(TestModels.row(r.nextInt(80), r.nextInt(150_000), r.nextInt(6),
          pick(r, TestModels.SEX), pick(r, TestModels.PURPOSE), pick(r, TestModels.HOUSING)));
      if (r.nextInt(5) == 0) {
        input.put("age", r.nextBoolean() ? null : 0.0);
      }
      if (r.nextInt(5) == 0) {
        input.put("purpose", r.nextBoolean() ? null : "boat"); // unseen: accepted as unknown
      }
      InputSchema.Validation v = m.schema().validate(input, InputSchema.UnseenPolicy.UNKNOWN);
      if (v.valid()) {
        rows.add(v.row());
      }
    }
    return rows;
  }

  private static String pick(Random r, List<String> values) {
    return values.get(r.nextInt(values.size()));
  }
}
