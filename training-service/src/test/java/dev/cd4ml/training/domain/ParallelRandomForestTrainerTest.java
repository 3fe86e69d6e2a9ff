package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
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

  private static List<String> scores(Model<Label> model, ModelTraining.Prepared prepared) {
    List<String> out = new ArrayList<>();
    for (Prediction<Label> p : model.predict(new ArrayList<Example<Label>>(prepared.test()))) {
      StringBuilder sb = new StringBuilder(p.getOutput().getLabel());
      p.getOutputScores().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.getScore()));
      out.add(sb.toString());
    }
    return out;
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
    List<String> expected = scores(sequential, prepared);
    assertThat(scores(parallel, prepared)).isEqualTo(expected);
    assertThat(scores(oneThread, prepared)).isEqualTo(expected);
    // A second forest from the same trainer objects still matches: the trainers' counters agree.
    assertThat(scores(fourThreads.train(prepared.train()), prepared))
        .isEqualTo(scores(tribuo.train(prepared.train()), prepared))
        .isNotEqualTo(expected);
    // the trees differ from one another (each saw its own bootstrap sample), or the check above proves little
    assertThat(((WeightedEnsembleModel<Label>) parallel).getModels().stream().map(tree -> scores(tree, prepared))
        .distinct().count()).isGreaterThan(1);
  }
}
