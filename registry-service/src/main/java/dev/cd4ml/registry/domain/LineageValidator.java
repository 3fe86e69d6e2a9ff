package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a registration must say about where the model comes from. Everything needed to reproduce
 * it and to serve it is required; code revision, params, seed and provenance are kept when sent.
 */
public final class LineageValidator {
  private LineageValidator() {}

  /** @return every missing or invalid field, with its JSON path under {@code lineage} */
  public static List<ProblemError> validate(ModelLineage lineage) {
    List<ProblemError> errors = new ArrayList<>();
    if (lineage == null) {
      errors.add(ProblemError.field("lineage", "the lineage part (application/json) is required"));
      return errors;
    }
    requireText(errors, "lineage.trainingRunId", lineage.trainingRunId());
    requireText(errors, "lineage.dataset", lineage.dataset());
    requireText(errors, "lineage.dataVersion", lineage.dataVersion());
    requireText(errors, "lineage.algorithm", lineage.algorithm());
    Map<String, Double> metrics = lineage.metrics();
    if (metrics == null || metrics.isEmpty()) {
      errors.add(ProblemError.field("lineage.metrics", "at least one metric is required (e.g. accuracy)"));
    } else {
      metrics.forEach((name, value) -> {
        if (name == null || name.isBlank()) {
          errors.add(ProblemError.field("lineage.metrics", "metric names must not be blank"));
        } else if (value == null || value.isNaN() || value.isInfinite()) {
          errors.add(ProblemError.field("lineage.metrics." + name, "must be a finite number"));
        }
      });
    }
    validateSignature(errors, lineage.signature());
    return errors;
  }

  private static void validateSignature(List<ProblemError> errors, ModelSignature signature) {
    if (signature == null) {
      errors.add(ProblemError.field("lineage.signature", "the signature (features and labels) is required"));
      return;
    }
    List<FeatureSpec> features = signature.features();
    if (features == null || features.isEmpty()) {
      errors.add(ProblemError.field("lineage.signature.features", "at least one feature is required"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < features.size(); i++) {
        FeatureSpec f = features.get(i);
        String at = "lineage.signature.features[" + i + "]";
        if (f == null) {
          errors.add(ProblemError.field(at, "must not be null"));
          continue;
        }
        if (f.name() == null || f.name().isBlank()) {
          errors.add(ProblemError.field(at + ".name", "is required"));
        } else if (!seen.add(f.name())) {
          errors.add(ProblemError.field(at + ".name", "duplicate feature '" + f.name() + "'"));
        }
        if (f.type() == null) {
          errors.add(ProblemError.field(at + ".type", "is required (numeric or categorical)"));
        } else if (f.type() == FeatureSpec.FeatureKind.categorical && (f.categories() == null || f.categories().isEmpty())) {
          errors.add(ProblemError.field(at + ".categories", "a categorical feature lists its categories"));
        }
      }
    }
    if (signature.labels() == null || signature.labels().isEmpty()) {
      errors.add(ProblemError.field("lineage.signature.labels", "at least one output label is required"));
    } else if (signature.positiveLabel() != null && !signature.labels().contains(signature.positiveLabel())) {
      errors.add(ProblemError.field("lineage.signature.positiveLabel",
          "'" + signature.positiveLabel() + "' is not one of the labels " + signature.labels()));
    }
  }

  private static void requireText(List<ProblemError> errors, String field, String value) {
    if (value == null || value.isBlank()) {
      errors.add(ProblemError.field(field, "is required"));
    }
  }
}
