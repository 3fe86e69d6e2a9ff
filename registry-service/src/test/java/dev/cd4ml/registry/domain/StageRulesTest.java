package dev.cd4ml.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cd4ml.contracts.model.Stage;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StageRulesTest {

  @Test
  void stagingIsForThePipelineOrAPromoter() {
    assertEquals(Set.of(Role.pipeline, Role.promoter), StageRules.rolesFor(Stage.none, Stage.staging));
    assertEquals(Set.of(Role.pipeline, Role.promoter), StageRules.rolesFor(Stage.archived, Stage.staging));
  }

  @Test
  void productionArchivingAndLeavingProductionNeedAPromoter() {
    assertEquals(Set.of(Role.promoter), StageRules.rolesFor(Stage.staging, Stage.production));
    assertEquals(Set.of(Role.promoter), StageRules.rolesFor(Stage.staging, Stage.archived));
    assertEquals(Set.of(Role.promoter), StageRules.rolesFor(Stage.production, Stage.staging));
  }

  @Test
  void noVersionGoesBackToNone() {
    assertThrows(IllegalArgumentException.class, () -> StageRules.rolesFor(Stage.staging, Stage.none));
  }
}
