package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.serving.support.TestModels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PredictionRecordTest {
  private static final LoadedModel FOREST = new LoadedModel(TestModels.info("credit", 4, new byte[] {1}, "RF"),
      TestModels.forest(5, 4), Instant.now());

  @Test
  void recordHoldsEveryInputAndTheOutputFlat() {
    InputSchema.Row row = FOREST.schema().validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT).row();
    PredictionOutcome out = FOREST.predict(FOREST.schema().toExample(row));
    Instant at = Instant.parse("2026-02-03T04:05:06Z");
    Map<String, Object> r = PredictionRecord.build("req-1", at, "production", FOREST, row, out, 0.25);
    assertEquals("req-1", r.get("requestId"));
    assertEquals("2026-02-03T04:05:06Z", r.get("timestamp"));
    assertEquals("production", r.get("environment"));
    assertEquals("credit", r.get("model"));
    assertEquals(4, r.get("version"));
    assertEquals(29.0, r.get("age"));
    assertEquals(21000.0, r.get("income"));
    assertEquals(3.0, r.get("num_late_payments"));
    assertEquals("female", r.get("sex"));
    assertEquals("education", r.get("purpose"));
    assertEquals("rent", r.get("housing"));
    assertEquals(out.label(), r.get("prediction"));
    assertEquals(out.probabilities(), r.get("probabilities"));
    assertEquals(Set.of("no", "yes"), ((Map<?, ?>) r.get("probabilities")).keySet());
    assertEquals(0.25, r.get("latencyMs"));
    assertFalse(r.containsKey("shadowVersion"));

    PredictionRecord.addShadow(r, 5, out.label());
    assertEquals(5, r.get("shadowVersion"));
    assertEquals(true, r.get("shadowAgreement"));
    PredictionRecord.addShadow(r, 5, "other");
    assertEquals(false, r.get("shadowAgreement"));
  }

  @Test
  void aFeatureNamedLikeARecordFieldIsPrefixed() {
    ModelSignature sig = new ModelSignature(List.of(FeatureSpec.numeric("version")), "y", List.of("a"), null);
    InputSchema schema = InputSchema.compile(sig, Set.of("version@value"));
    assertEquals("features.version", schema.validate(Map.of(), InputSchema.UnseenPolicy.REJECT).errors().get(0).field());
    assertEquals(true, PredictionRecord.RESERVED.contains("version"));
  }
}
