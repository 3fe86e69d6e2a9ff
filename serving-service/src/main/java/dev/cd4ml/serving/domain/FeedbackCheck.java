package dev.cd4ml.serving.domain;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.List;

/** What feedback must be: the requestId of a prediction and one of the served model's labels. */
public final class FeedbackCheck {
  private FeedbackCheck() {}

  /** Every problem of the feedback, each naming its field; empty when it is fine. */
  public static List<ProblemError> errors(String requestId, String actual, List<String> labels) {
    List<ProblemError> errors = new ArrayList<>(2);
    if (requestId == null || requestId.isBlank()) {
      errors.add(ProblemError.field("requestId", "required: the requestId of the prediction"));
    }
    if (actual == null || actual.isBlank()) {
      errors.add(ProblemError.field("actual", "required: the true label"));
    } else if (!labels.contains(actual)) {
      // A label the model cannot predict would poison every accuracy and every harvested training set.
      errors.add(ProblemError.field("actual", "'" + actual + "' is not a label of the model (labels: "
          + String.join(", ", labels) + ")"));
    }
    return errors;
  }
}
