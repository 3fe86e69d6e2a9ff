package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.ForeignData;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** A user's own table (three classes, a zero-padded code, 66 columns, missing values) trains and is evaluated. */
class ForeignDataTrainingTest {

  @Test
  void aThreeClassTableWithCodesAndMissingValuesLearnsAndItsSignatureKeepsTheCodeCategorical() throws Exception {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(ForeignData.csv(1500, 5)), ForeignData.SCHEMA, null,
        n -> { }, () -> false);
    ModelTraining.Prepared prepared = ModelTraining.prepare(data, SplitSpec.DEFAULT, 5, null, "foreign");
    assertThat(prepared.labelCounts()).containsOnlyKeys(ForeignData.CROPS);
    assertThat(prepared.positiveLabel()).as("no positive class among three").isNull();
    FeatureSpec station = prepared.signature().features().stream().filter(f -> f.name().equals("station")).findFirst()
        .orElseThrow();
    assertThat(station.type()).isEqualTo(FeatureSpec.FeatureKind.categorical);
    assertThat(station.categories()).contains("0101", "0808");
    assertThat(prepared.signature().features()).hasSize(ForeignData.SENSORS + 4);

    Model<Label> model = ModelTraining.train(Algorithm.CART, new TrainingParams(8, 5f, 1f, 1), 5, prepared.train());
    Evaluation e = ModelTraining.evaluate(model, prepared, data.mapping().protectedColumns());
    assertThat(e.labels()).containsExactlyInAnyOrderElementsOf(ForeignData.CROPS);
    assertThat(e.accuracy()).isGreaterThan(e.majorityClassRate() + 0.1);
    assertThat(e.macroF1()).isGreaterThan(0.5);
    assertThat(e.fairness().get(ForeignData.PROTECTED).groups()).containsKey("(missing)");
    assertThat(e.fairness().get(ForeignData.PROTECTED).positiveRateGap()).isNull();
  }
}
