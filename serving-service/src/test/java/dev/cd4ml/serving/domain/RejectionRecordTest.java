package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.contracts.problem.ProblemError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionRecordTest {

  @Test
  void aRefusedRequestNamesItsFieldsOnceEach() {
    Map<String, Object> f = new RejectionRecord("r-1", 1_700_000_000_123L, "production", "credit", 3, PredictionRecord.CANARY, "/predictions",
        400, "validation", List.of(ProblemError.field("features.age", "must be a number"),
            ProblemError.field("features.colour", "unknown feature"), ProblemError.field("features.age", "again")),
        null, null).fields();
    assertEquals("r-1", f.get(PredictionLogFields.REQUEST_ID));
    assertEquals("2023-11-14T22:13:20.123Z", f.get(PredictionLogFields.TIMESTAMP));
    assertEquals(3, f.get(PredictionLogFields.VERSION));
    assertEquals("canary", f.get(PredictionLogFields.ROLE), "the canary refused it");
    assertEquals(400, f.get(PredictionLogFields.STATUS));
    assertEquals("validation", f.get(PredictionLogFields.PROBLEM_TYPE));
    assertEquals("/predictions", f.get(PredictionLogFields.ENDPOINT));
    assertEquals(List.of("features.age", "features.colour"), f.get(PredictionLogFields.FIELDS));
    assertFalse(f.containsKey(PredictionLogFields.ROW));
    assertFalse(f.containsKey(PredictionLogFields.BATCH_ID));
  }

  @Test
  void aBatchRowIsNamedByItsNumberAndKeepsTheColumnAndBatch() {
    Map<String, Object> f = new RejectionRecord("r-2", 0, "test", "credit", null, null, "/predictions/batch", 200,
        "malformed-csv", List.of(ProblemError.at(9, 4, "unclosed quote")), 7L, "b-1").fields();
    assertEquals(7L, f.get(PredictionLogFields.ROW));
    assertEquals(4, f.get(PredictionLogFields.COLUMN));
    assertEquals("b-1", f.get(PredictionLogFields.BATCH_ID));
    assertFalse(f.containsKey(PredictionLogFields.VERSION), "nothing served yet");
    assertFalse(f.containsKey(PredictionLogFields.FIELDS));
  }

  @Test
  void aMalformedBodyNamesTheLineAndColumnOfTheProblem() {
    Map<String, Object> f = new RejectionRecord("r-3", 0, "test", "credit", 1, null, "/predictions", 400, "malformed-json",
        List.of(ProblemError.at(1, 17, "features", "unexpected end")), null, null).fields();
    assertEquals(1L, f.get(PredictionLogFields.ROW));
    assertEquals(17, f.get(PredictionLogFields.COLUMN));
    assertEquals(List.of("features"), f.get(PredictionLogFields.FIELDS));
    assertEquals("primary", f.get(PredictionLogFields.ROLE));
  }
}
