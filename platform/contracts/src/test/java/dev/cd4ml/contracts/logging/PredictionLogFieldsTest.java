package dev.cd4ml.contracts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionLogFieldsTest {
  @Test
  void aPredictionOrExplanationIsItsRequestId() {
    assertEquals("r-1", PredictionLogFields.documentId(PredictionLogFields.PREDICTION_TAG, Map.of("requestId", "r-1")));
    assertEquals("r-1", PredictionLogFields.documentId(PredictionLogFields.EXPLANATION_TAG, Map.of("requestId", "r-1")));
  }

  @Test
  void aBatchRowCarriesItsRowAndFeedbackItsTime() {
    assertEquals("r-1:3", PredictionLogFields.documentId(PredictionLogFields.REJECTION_TAG,
        Map.of("requestId", "r-1", "row", 3L)));
    String first = PredictionLogFields.documentId(PredictionLogFields.FEEDBACK_TAG,
        Map.of("requestId", "r-1", "timestamp", "2026-01-01T00:00:00Z"));
    String later = PredictionLogFields.documentId(PredictionLogFields.FEEDBACK_TAG,
        Map.of("requestId", "r-1", "timestamp", "2026-01-01T01:00:00Z"));
    assertEquals("r-1@2026-01-01T00:00:00Z", first);
    assertNotEquals(first, later); // a correction is a record of its own; a resent one overwrites
  }

  @Test
  void withoutARequestIdTheEngineChooses() {
    assertNull(PredictionLogFields.documentId(PredictionLogFields.PREDICTION_TAG, Map.of("model", "m")));
    assertNull(PredictionLogFields.documentId(PredictionLogFields.FEEDBACK_TAG, Map.of("requestId", "r-1")));
  }
}
