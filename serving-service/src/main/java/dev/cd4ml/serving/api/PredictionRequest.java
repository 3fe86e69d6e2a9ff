package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.support.problem.ProblemException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PredictionRequest", description = "One row to predict")
public record PredictionRequest(
    @Schema(description = "Every feature of the model's signature: numbers for numeric features, strings for "
        + "categorical ones, null when the value is not known", required = true,
        example = "{\"age\": 41, \"age_band\": \"36-50\", \"sex\": \"female\", \"income\": 52000, \"loan_amount\": 12000, "
            + "\"loan_term_months\": 36, \"credit_score\": 690, \"num_late_payments\": 1, \"debt_to_income\": 0.31, "
            + "\"employment\": \"salaried\", \"housing\": \"rent\", \"purpose\": \"car\", \"region\": \"north\"}")
    Map<String, Object> features) {

  /** The features of a body that has them; 400 for a missing body or one without {@code features}. */
  static Map<String, Object> featuresOf(PredictionRequest request) {
    if (request == null || request.features() == null) {
      throw ProblemException.badRequest("body must be {\"features\": {...}}",
          List.of(ProblemError.field("features", "required: an object of feature values")));
    }
    return request.features();
  }
}
