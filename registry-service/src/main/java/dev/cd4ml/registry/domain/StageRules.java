package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.model.Stage;
import java.util.Set;

/**
 * Who may move a version where. Leaving production needs the same role as entering it; entering
 * canary too, since a canary answers production requests.
 */
public final class StageRules {
  /** A canary's share of production's requests when the stage change names none, in percent. */
  public static final int DEFAULT_CANARY_WEIGHT = 10;

  private StageRules() {}

  /** @return the weight to store; 400-worthy mistakes as IllegalArgumentException naming the field */
  public static Integer canaryWeight(Stage target, Integer requested) {
    if (target != Stage.canary) {
      if (requested != null) {
        throw new IllegalArgumentException("trafficWeight applies only to stage canary, not " + target);
      }
      return null;
    }
    int weight = requested == null ? DEFAULT_CANARY_WEIGHT : requested;
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("trafficWeight must be between 0 and 100 (percent), not " + weight);
    }
    return weight;
  }

  /** Roles any one of which allows moving a version from {@code from} to {@code to}. */
  public static Set<String> rolesFor(Stage from, Stage to) {
    if (to == Stage.production || to == Stage.archived || from == Stage.production) {
      return Set.of(Roles.RELEASE_MANAGER);
    }
    if (to == Stage.canary) {
      return Set.of(Roles.RELEASE_MANAGER); // it answers real production requests
    }
    if (to == Stage.staging) {
      return Set.of(Roles.PIPELINE, Roles.RELEASE_MANAGER);
    }
    throw new IllegalArgumentException("a version cannot be moved to stage '" + to + "'");
  }

  /** Stages that hold at most one version per model. */
  public static boolean isExclusive(Stage stage) {
    return stage == Stage.staging || stage == Stage.canary || stage == Stage.production;
  }
}
