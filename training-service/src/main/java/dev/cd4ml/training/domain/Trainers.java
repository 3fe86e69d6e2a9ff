package dev.cd4ml.training.domain;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;

/** Builds a fresh, seeded Tribuo trainer per run: trainers count invocations, so never reuse one. */
public final class Trainers {
  private Trainers() {}

  public static Trainer<Label> create(Algorithm algorithm, TrainingParams p, long seed) {
    return switch (algorithm) {
      case CART -> cart(p, seed);
      // Trees on every core: the same model as Tribuo's sequential RandomForestTrainer, sooner.
      case RANDOM_FOREST -> new ParallelRandomForestTrainer(cart(p, seed), new VotingCombiner(), p.trees(), seed,
          Runtime.getRuntime().availableProcessors());
    };
  }

  private static CARTClassificationTrainer cart(TrainingParams p, long seed) {
    // (maxDepth, minChildWeight, minImpurityDecrease, fractionFeaturesPerSplit, useRandomSplitPoints, impurity, seed)
    return new CARTClassificationTrainer(p.maxDepth(), p.minChildWeight(), 0f, p.fractionFeaturesPerSplit(), false,
        new GiniIndex(), seed);
  }
}
