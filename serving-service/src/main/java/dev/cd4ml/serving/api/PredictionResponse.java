package dev.cd4ml.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cd4ml.serving.domain.Explanation;
import dev.cd4ml.serving.service.PredictionService;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PredictionResponse")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResponse(
    @Schema(description = "Id of this prediction in the logs; send it back with POST /feedback") String requestId,
    String model,
    int version,
    @Schema(description = "Predicted label") String prediction,
    @Schema(description = "Probability per label, when the model produces probabilities (forests do, a single CART tree does not)")
    Map<String, Double> probabilities,
    @Schema(description = "Only with ?explain=true") Explanation explanation,
    @Schema(description = "Features whose unseen category was accepted as unknown (when configured)")
    List<String> unknownCategories,
    @Schema(description = "Which model answered: primary, or canary when the production instance's canary did",
        enumeration = {"primary", "canary"})
    String role) {

  static PredictionResponse of(PredictionService.Result r) {
    return new PredictionResponse(r.requestId(), r.model().name(), r.model().version(), r.outcome().label(),
        r.outcome().probabilities(), r.explanation(), r.unknownCategories().isEmpty() ? null : r.unknownCategories(),
        r.role());
  }
}
