package dev.cd4ml.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.problem.ProblemError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageValidatorTest {

  private static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(FeatureSpec.numeric("income"), FeatureSpec.categorical("sex", List.of("female", "male"))),
      "defaulted", List.of("yes", "no"), "yes");

  @Test
  void aCompleteLineagePasses() {
    ModelLineage ok = new ModelLineage("run-1", "credit", "abc", null, "CART", null, null,
        Map.of("accuracy", 0.9), SIGNATURE, null, null);
    assertEquals(List.of(), LineageValidator.validate(ok));
  }

  @Test
  void everyMissingFieldIsListed() {
    ModelLineage empty = new ModelLineage(null, " ", null, "rev", null, null, null, Map.of(), null, null, null);
    List<String> fields = fields(LineageValidator.validate(empty));
    assertEquals(List.of("lineage.trainingRunId", "lineage.dataset", "lineage.dataVersion", "lineage.algorithm",
        "lineage.metrics", "lineage.signature"), fields);
  }

  @Test
  void noLineageAtAll() {
    assertEquals(List.of("lineage"), fields(LineageValidator.validate(null)));
  }

  @Test
  void signatureNeedsFeaturesAndLabels() {
    ModelLineage l = new ModelLineage("r", "d", "v", null, "CART", null, null, Map.of("accuracy", 0.9),
        new ModelSignature(List.of(), "y", List.of(), null), null, null);
    assertEquals(List.of("lineage.signature.features", "lineage.signature.labels"), fields(LineageValidator.validate(l)));
  }

  @Test
  void badFeaturesAndMetricsArePinpointed() {
    ModelSignature sig = new ModelSignature(Arrays.asList(FeatureSpec.numeric("a"), FeatureSpec.numeric("a"),
        new FeatureSpec("c", FeatureSpec.FeatureKind.categorical, null), new FeatureSpec(null, null, null)),
        "y", List.of("yes", "no"), "maybe");
    ModelLineage l = new ModelLineage("r", "d", "v", null, "CART", null, null, Map.of("accuracy", Double.NaN), sig, null, null);
    List<String> fields = fields(LineageValidator.validate(l));
    assertTrue(fields.contains("lineage.metrics.accuracy"), fields.toString());
    assertTrue(fields.contains("lineage.signature.features[1].name"), fields.toString());
    assertTrue(fields.contains("lineage.signature.features[2].categories"), fields.toString());
    assertTrue(fields.contains("lineage.signature.features[3].name"), fields.toString());
    assertTrue(fields.contains("lineage.signature.features[3].type"), fields.toString());
    assertTrue(fields.contains("lineage.signature.positiveLabel"), fields.toString());
  }

  private static List<String> fields(List<ProblemError> errors) {
    return errors.stream().map(ProblemError::field).toList();
  }
}
