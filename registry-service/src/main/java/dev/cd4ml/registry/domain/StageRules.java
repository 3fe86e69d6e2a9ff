package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.model.Stage;
import java.util.EnumSet;
import java.util.Set;

/** Who may move a version where. Leaving production needs the same role as entering it. */
public final class StageRules {
  private StageRules() {}

  /** Roles any one of which allows moving a version from {@code from} to {@code to}. */
  public static Set<Role> rolesFor(Stage from, Stage to) {
    if (to == Stage.production || to == Stage.archived || from == Stage.production) {
      return EnumSet.of(Role.promoter);
    }
    if (to == Stage.staging) {
      return EnumSet.of(Role.pipeline, Role.promoter);
    }
    throw new IllegalArgumentException("a version cannot be moved to stage '" + to + "'");
  }

  /** Stages that hold at most one version per model. */
  public static boolean isExclusive(Stage stage) {
    return stage == Stage.staging || stage == Stage.production;
  }
}
