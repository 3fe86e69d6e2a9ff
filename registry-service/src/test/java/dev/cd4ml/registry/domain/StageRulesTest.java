package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.auth.Roles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.Stage;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StageRulesTest {

  @Test
  void stagingIsForThePipelineOrAPromoter() {
    assertEquals(Set.of(Roles.PIPELINE, Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.none, Stage.staging));
    assertEquals(Set.of(Roles.PIPELINE, Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.archived, Stage.staging));
  }

  @Test
  void productionArchivingAndLeavingProductionNeedAPromoter() {
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.staging, Stage.production));
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.staging, Stage.archived));
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.production, Stage.staging));
  }

  @Test
  void aCanaryAnswersProductionRequestsSoEnteringAndLeavingItNeedsAPromoter() {
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.staging, Stage.canary));
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.canary, Stage.production));
    assertEquals(Set.of(Roles.RELEASE_MANAGER), StageRules.rolesFor(Stage.canary, Stage.archived));
    assertTrue(StageRules.isExclusive(Stage.canary));
  }

  @Test
  void theTrafficWeightIsACanarysPercentOnly() {
    assertEquals(StageRules.DEFAULT_CANARY_WEIGHT, StageRules.canaryWeight(Stage.canary, null));
    assertEquals(0, StageRules.canaryWeight(Stage.canary, 0));
    assertEquals(100, StageRules.canaryWeight(Stage.canary, 100));
    assertEquals(null, StageRules.canaryWeight(Stage.production, null));
    assertThrows(IllegalArgumentException.class, () -> StageRules.canaryWeight(Stage.canary, 101));
    assertThrows(IllegalArgumentException.class, () -> StageRules.canaryWeight(Stage.canary, -1));
    var other = assertThrows(IllegalArgumentException.class, () -> StageRules.canaryWeight(Stage.production, 10));
    assertTrue(other.getMessage().contains("only to stage canary"), other.getMessage());
  }

  @Test
  void noVersionGoesBackToNone() {
    assertThrows(IllegalArgumentException.class, () -> StageRules.rolesFor(Stage.staging, Stage.none));
  }
}
