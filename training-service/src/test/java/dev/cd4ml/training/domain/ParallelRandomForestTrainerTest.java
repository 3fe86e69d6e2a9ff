package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.DemoData;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.WeightedEnsembleModel;

/** Trees on several threads give exactly the forest Tribuo's sequential trainer gives. */
class ParallelRandomForestTrainerTest {
  private static CARTClassificationTrainer cart(long seed) {
    return new CARTClassificationTrainer(8, 5f, 0f, 0.5f, false, new GiniIndex(), seed);
  }

  @Test
  void parallelForestEqualsTribuosSequentialForest() throws Exception {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(DemoData.csv(3_000, 3)), DemoData.SCHEMA, null,
        n -> { }, () -> false);
    ModelTraining.Prepared prepared = ModelTraining.prepare(data, SplitSpec.DEFAULT, 9, null, "demo");

    RandomForestTrainer<Label> tribuo = new RandomForestTrainer<>(cart(9), new VotingCombiner(), 9, 9);
    ParallelRandomForestTrainer fourThreads = new ParallelRandomForestTrainer(cart(9), new VotingCombiner(), 9, 9, 4);
    Model<Label> sequential = tribuo.train(prepared.train());
    Model<Label> parallel = fourThreads.train(prepared.train());
    Model<Label> oneThread = new ParallelRandomForestTrainer(cart(9), new VotingCombiner(), 9, 9, 1)
        .train(prepared.train());

    assertThat(parallel).isInstanceOf(WeightedEnsembleModel.class);
    assertThat(((WeightedEnsembleModel<Label>) parallel).getNumModels()).isEqualTo(9);
    List<String> expected = ReproducibilityTest.predictions(sequential, prepared);
    assertThat(ReproducibilityTest.predictions(parallel, prepared)).isEqualTo(expected);
    assertThat(ReproducibilityTest.predictions(oneThread, prepared)).isEqualTo(expected);
    // A second forest from the same trainer objects still matches: the trainers' counters agree.
    assertThat(ReproducibilityTest.predictions(fourThreads.train(prepared.train()), prepared))
        .isEqualTo(ReproducibilityTest.predictions(tribuo.train(prepared.train()), prepared))
        .isNotEqualTo(expected);
    // the trees differ from one another (each saw its own bootstrap sample), or the check above proves little
    assertThat(((WeightedEnsembleModel<Label>) parallel).getModels().stream().map(tree -> ReproducibilityTest.predictions(tree, prepared))
        .distinct().count()).isGreaterThan(1);
  }
}
