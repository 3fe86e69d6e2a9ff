package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackCheckTest {
  private static final List<String> LABELS = List.of("no", "yes");

  @Test
  void aLabelOfTheModelIsFine() {
    assertTrue(FeedbackCheck.errors("req-1", "yes", LABELS).isEmpty());
  }

  @Test
  void aLabelTheModelDoesNotKnowNamesTheFieldAndTheLabels() {
    List<ProblemError> errors = FeedbackCheck.errors("req-1", "maybe", LABELS);
    assertEquals(1, errors.size());
    assertEquals("actual", errors.get(0).field());
    assertTrue(errors.get(0).message().contains("'maybe'") && errors.get(0).message().contains("no, yes"),
        errors.get(0).message());
    // labels are matched exactly, as the model predicts them
    assertEquals("actual", FeedbackCheck.errors("req-1", "YES", LABELS).get(0).field());
  }

  @Test
  void missingFieldsAreEachNamed() {
    assertEquals(List.of("requestId", "actual"),
        FeedbackCheck.errors(" ", null, LABELS).stream().map(ProblemError::field).toList());
  }
}
