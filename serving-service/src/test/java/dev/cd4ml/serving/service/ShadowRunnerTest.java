package dev.cd4ml.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.InputSchema.UnseenPolicy;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.support.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** The shadow reads each request through its own signature: it predicts what it predicts served alone. */
class ShadowRunnerTest {
  final LoadedModel primary = load(TestModels.cart(6, 1), 1, TestModels.signature());

  @Test
  void aShadowWithAnotherColumnOrderPredictsWhatItPredictsServedAlone() {
    List<FeatureSpec> reversed = new ArrayList<>(TestModels.signature().features());
    java.util.Collections.reverse(reversed);
    LoadedModel shadow = load(TestModels.cart(8, 7), 2, withFeatures(reversed));
    Set<String> labels = new HashSet<>();
    for (Map<String, Object> request : requests(400, 3)) {
      String alone = servedAlone(shadow, request, UnseenPolicy.UNKNOWN);
      assertEquals(alone, ShadowRunner.predict(shadow, primary.schema(), row(primary, request, UnseenPolicy.UNKNOWN),
          UnseenPolicy.UNKNOWN), request.toString());
      labels.add(alone);
    }
    assertEquals(Set.of("no", "yes"), labels, "the rows reach both answers: agreement is no accident");
  }

  @Test
  void aShadowTakingFewerFeaturesReadsOnlyItsOwn() {
    List<FeatureSpec> withoutAge = TestModels.signature().features().stream().filter(f -> !f.name().equals("age")).toList();
    LoadedModel shadow = load(TestModels.cart(8, 11), 3, withFeatures(withoutAge));
    for (Map<String, Object> request : requests(200, 5)) {
      Map<String, Object> own = new HashMap<>(request);
      own.remove("age");
      assertEquals(servedAlone(shadow, own, UnseenPolicy.REJECT), ShadowRunner.predict(shadow, primary.schema(),
          row(primary, request, UnseenPolicy.REJECT), UnseenPolicy.REJECT), request.toString());
    }
  }

  @Test
  void aRequestThatDoesNotFitTheShadowIsNotPredictedOnGuessedFeatures() {
    List<FeatureSpec> more = new ArrayList<>(TestModels.signature().features());
    more.add(0, FeatureSpec.numeric("savings"));
    LoadedModel needsSavings = load(TestModels.cart(6, 2), 4, withFeatures(more));
    InputSchema.Row row = row(primary, TestModels.sampleRow(), UnseenPolicy.REJECT);
    assertNull(ShadowRunner.predict(needsSavings, primary.schema(), row, UnseenPolicy.REJECT));

    // A category the served instance accepted as unknown, which the shadow alone would refuse.
    Map<String, Object> boat = new HashMap<>(TestModels.sampleRow());
    boat.put("purpose", "boat");
    LoadedModel same = load(TestModels.cart(6, 2), 5, TestModels.signature());
    assertNull(ShadowRunner.predict(same, primary.schema(), row(primary, boat, UnseenPolicy.UNKNOWN), UnseenPolicy.REJECT));
  }

  private static String servedAlone(LoadedModel m, Map<String, Object> request, UnseenPolicy policy) {
    return m.predict(row(m, request, policy)).label();
  }

  private static InputSchema.Row row(LoadedModel m, Map<String, Object> request, UnseenPolicy policy) {
    InputSchema.Validation v = m.schema().validate(request, policy);
    assertTrue(v.valid(), () -> String.valueOf(v.errors()));
    return v.row();
  }

  /** Requests over the whole range, with missing values and (accepted as unknown) unseen categories. */
  private static List<Map<String, Object>> requests(int n, long seed) {
    Random r = new Random(seed);
    List<Map<String, Object>> out = new ArrayList<>();
    while (out.size() < n) {
      Map<String, Object> m = new HashMap<>(TestModels.row(18 + r.nextInt(60), 12000 + r.nextInt(90000), r.nextInt(6),
          pick(r, TestModels.SEX), pick(r, TestModels.PURPOSE), pick(r, TestModels.HOUSING)));
      if (r.nextInt(6) == 0) {
        m.put("income", null);
      }
      out.add(m);
    }
    return out;
  }

  private static String pick(Random r, List<String> values) {
    return values.get(r.nextInt(values.size()));
  }

  private static ModelSignature withFeatures(List<FeatureSpec> features) {
    ModelSignature s = TestModels.signature();
    return new ModelSignature(features, s.labelColumn(), s.labels(), s.positiveLabel());
  }

  private static LoadedModel load(Model<Label> model, int version, ModelSignature signature) {
    ModelVersionInfo base = TestModels.info("credit", version, TestModels.bytes(model), "CART");
    ModelLineage l = base.lineage();
    ModelLineage lineage = new ModelLineage(l.trainingRunId(), l.dataset(), l.dataVersion(), l.codeRevision(), l.algorithm(),
        l.params(), l.seed(), l.metrics(), signature, l.protectedColumns(), l.provenance());
    return new LoadedModel(new ModelVersionInfo(base.model(), base.version(), base.stage(), base.artifactUri(),
        base.artifactSha256(), base.artifactSize(), lineage, base.checks(), base.registeredAt()), model, Instant.now());
  }
}
