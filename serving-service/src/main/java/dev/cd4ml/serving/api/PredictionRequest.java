package dev.cd4ml.serving.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PredictionRequest", description = "One row to predict")
public record PredictionRequest(
    @Schema(description = "Every feature of the model's signature: numbers for numeric features, strings for "
        + "categorical ones, null when the value is not known", required = true,
        example = "{\"age\": 41, \"age_band\": \"36-50\", \"sex\": \"female\", \"income\": 52000, \"loan_amount\": 12000, "
            + "\"loan_term_months\": 36, \"credit_score\": 690, \"num_late_payments\": 1, \"debt_to_income\": 0.31, "
            + "\"employment\": \"salaried\", \"housing\": \"rent\", \"purpose\": \"car\", \"region\": \"north\"}")
    Map<String, Object> features) {}
