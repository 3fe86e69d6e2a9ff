package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChampionTest {
  private static final ModelSignature CANDIDATE = new ModelSignature(List.of(FeatureSpec.numeric("income"),
      FeatureSpec.categorical("employment", List.of("employed", "retired")), FeatureSpec.numeric("age")),
      "defaulted", List.of("no", "yes"), "yes");

  @Test
  void aChampionNeedingASubsetOfTheColumnsWithOtherCategoriesIsCompatible() {
    ModelSignature champion = new ModelSignature(List.of(FeatureSpec.categorical("employment", List.of("student")),
        FeatureSpec.numeric("income")), "defaulted", List.of("no", "yes"), "yes");
    assertThat(Champion.incompatibility(champion, CANDIDATE)).isEmpty();
  }

  @Test
  void everyMissingOrRetypedFeatureIsNamed() {
    ModelSignature champion = new ModelSignature(List.of(FeatureSpec.numeric("employment"), FeatureSpec.numeric("debt"),
        FeatureSpec.numeric("income")), "defaulted", List.of("no", "yes"), "yes");
    assertThat(Champion.incompatibility(champion, CANDIDATE)).contains(
        "feature employment is numeric for it but categorical here, debt is not a column of this run's data");
  }

  @Test
  void anotherLabelColumnOrNoSignatureIsIncompatible() {
    assertThat(Champion.incompatibility(new ModelSignature(CANDIDATE.features(), "churned", List.of("a", "b"), null),
        CANDIDATE)).contains("its label column is churned, this run's is defaulted");
    assertThat(Champion.incompatibility(null, CANDIDATE)).contains("it has no signature");
  }
}
