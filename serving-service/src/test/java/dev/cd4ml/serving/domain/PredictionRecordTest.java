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
    PredictionRecord record = PredictionRecord.of("req-1", at.toEpochMilli(), "production", FOREST, row, out, 0.25);
    Map<String, Object> r = record.fields();
    assertEquals("req-1", r.get("requestId"));
    assertEquals("2026-02-03T04:05:06.000Z", r.get("timestamp"));
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
    assertFalse(r.containsKey("batchId"));

    record.addShadow(5, out.label());
    assertEquals(5, record.fields().get("shadowVersion"));
    assertEquals(true, record.fields().get("shadowAgreement"));
    record.addShadow(5, "other");
    assertEquals("other", record.fields().get("shadowPrediction"));
    assertEquals(false, record.fields().get("shadowAgreement"));
    record.inBatch("batch-1", 7);
    assertEquals("batch-1", record.fields().get("batchId"));
    assertEquals(7L, record.fields().get("row"));
  }

  /** What the shipper writes is exactly the record's fields, whatever the record holds. */
  @Test
  void theMessagePackWrittenDecodesToTheRecordsFields() throws Exception {
    Map<String, Object> input = new java.util.HashMap<>(TestModels.sampleRow());
    input.put("purpose", "éducation supérieure"); // unseen, accepted as unknown; not ASCII
    InputSchema.Row row = FOREST.schema().validate(input, InputSchema.UnseenPolicy.UNKNOWN).row();
    assertEquals(List.of("purpose"), row.unknownCategories());
    PredictionOutcome out = FOREST.predict(FOREST.schema().toExample(row));
    PredictionRecord plain = PredictionRecord.of("req-2", 1_700_000_000_123L, "test", FOREST, row, out, 1.5);
    PredictionRecord full = PredictionRecord.of("req-3", 1_700_000_000_124L, "test", FOREST, row, out, 0.5)
        .inBatch("b-9", 100_000);
    full.addShadow(7, "no");
    MsgPackWriter w = new MsgPackWriter();
    for (PredictionRecord r : List.of(plain, full)) {
      r.writeTo(w.reset());
      try (var unpacker = org.msgpack.core.MessagePack.newDefaultUnpacker(w.array(), 0, w.length())) {
        MsgPackWriterTest.assertSameJson(r.fields(), unpacker.unpackValue());
        assertFalse(unpacker.hasNext());
      }
    }
  }

  @Test
  void aFeatureNamedLikeARecordFieldIsPrefixed() {
    ModelSignature sig = new ModelSignature(List.of(FeatureSpec.numeric("version")), "y", List.of("a"), null);
    InputSchema schema = InputSchema.compile(sig, Set.of("version@value"));
    assertEquals("features.version", schema.validate(Map.of(), InputSchema.UnseenPolicy.REJECT).errors().get(0).field());
    assertEquals(true, dev.cd4ml.contracts.logging.PredictionLogFields.RESERVED.contains("version"));
  }
}
