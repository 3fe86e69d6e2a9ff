package dev.cd4ml.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.serving.api.PredictionRequest;
import dev.cd4ml.serving.api.PredictionRequestReader;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.training.domain.Algorithm;
import dev.cd4ml.training.domain.DatasetLoader;
import dev.cd4ml.training.domain.LoadedData;
import dev.cd4ml.training.domain.Trainers;
import dev.cd4ml.training.domain.TrainingParams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.la.VectorTuple;

/**
 * No training/serving skew: one CSV read by training (the feature mapping a trained model learns
 * from) and by serving's two input paths, JSON ({@link PredictionRequestReader} → {@link InputSchema})
 * and CSV batch ({@link CsvReader} → {@link InputSchema}), gives the same feature vector for every
 * row: the same feature names and values, the same ids in the model's feature map, the same
 * prediction. The CSV has missing values in every spelling (in numeric and categorical columns, in
 * cells and in JSON strings), unseen categories, numbers in exponent form, blanks around values,
 * quoted fields with commas, quotes and line breaks, CRLF line ends and its columns in another order
 * than the schema's.
 */
class FeatureParityTest {
  private static final String LABEL = "defaulted";
  private static final DatasetSchema SCHEMA = new DatasetSchema(1, List.of(
      new ColumnSpec("id", ColumnType.numeric),
      new ColumnSpec("age", ColumnType.numeric),
      new ColumnSpec("income", ColumnType.numeric),
      new ColumnSpec("sex", ColumnType.categorical),
      new ColumnSpec("purpose", ColumnType.categorical),
      new ColumnSpec("housing", ColumnType.categorical),
      new ColumnSpec(LABEL, ColumnType.categorical)), LABEL, "id", List.of("sex"));

  /** Served rows: the columns in another order than the schema's, each kind of value at least once. */
  private static final String SCORING = String.join("\r\n",
      "defaulted,housing,id,purpose,age,sex,income",
      "no,own,1,car,41,female,52000",
      "yes,NA,2,\"home, new\",NA,male,1e3",
      "no,N/A,3,\"say \"\"hi\"\"\",N/A,female,-2.5E-2",
      "yes,NaN,4,NaN,NaN,NaN,4.2E+4",
      "no,nan,5,nan,nan,nan,1.5E-3",
      "yes,null,6,null,null,null,7",
      "no,NULL,7,NULL,NULL,NULL,12.5",
      "yes,,8,,,,31000",
      "no, rent ,9,\" car \", 33 ,\t male ,\" NA \"",
      "yes,castle,10,yacht,29,unknown,88000",
      "no,Rent,11,Car,1E1,FEMALE,2E4",
      "yes,own,12,\"atlantis, \"\"new\"\"\",55,female,null",
      "no,own,13,\"multi\r\nline\",6.1e1,male,1e3",
      "yes,\"\",14,\"NA\",\"\",\" \",0.5") + "\r\n";

  private static Model<Label> model;
  private static LoadedModel served;
  private static ImmutableFeatureMap featureMap;

  @BeforeAll
  static void trainAModelAsTrainingDoes() throws IOException {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(trainingCsv()), SCHEMA, null, n -> { }, () -> false);
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("parity", labels), labels);
    train.addAll(data.examples());
    model = Trainers.create(Algorithm.CART, new TrainingParams(8, 1f, 1f, 1), 7L).train(train);
    featureMap = model.getFeatureIDMap();
    ModelSignature signature = data.mapping().signature(train, "yes");
    ModelLineage lineage = new ModelLineage("run", "parity", "v1", "test", "cart", Map.of(), 7L, Map.of(), signature,
        List.of("sex"), "{}");
    served = new LoadedModel(new ModelVersionInfo("parity", 1, Stage.staging, "s3://models/parity/1", "0".repeat(64), 0,
        lineage, List.of(), Instant.EPOCH), model, Instant.EPOCH);
  }

  /** 45 rows cycling through every spelling, so the model knows every feature the served rows can set. */
  private static byte[] trainingCsv() {
    String[] age = {"23", "4.5E+1", "NA", "61", "1e1", "", "N/A", "38", " 52 ", "NaN", "nan", "null", "NULL", "70", "3.3e1"};
    String[] income = {"52000", "4.2E+4", "1.5e5", "null", "31000", "", "9.9E3", "NA", "-2.5E-2", "88000", "1e3"};
    String[] sex = {"female", "male", " male", "NA", "female\t", "", "N/A", "null"};
    String[] purpose = {"car", "\"home, new\"", "\"say \"\"hi\"\"\"", "education", "NaN", "", "\" car \"", "NULL", "nan"};
    String[] housing = {"own", "rent", "\trent", "nan", "", "own", "NA"};
    StringBuilder csv = new StringBuilder("id,age,income,sex,purpose,housing,defaulted\r\n");
    for (int i = 0; i < 45; i++) {
      String label = (i * 7) % 5 < 2 ? "yes" : " no";
      csv.append(i).append(',').append(age[i % age.length]).append(',').append(income[i % income.length]).append(',')
          .append(sex[i % sex.length]).append(',').append(purpose[i % purpose.length]).append(',')
          .append(housing[i % housing.length]).append(',').append(label).append("\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void trainingAndBothServingPathsSeeTheSameFeaturesRowByRow() throws IOException {
    List<Example<Label>> training = trainingView();
    List<InputSchema.Validation> csv = servingCsvView();
    List<InputSchema.Validation> json = servingJsonView();
    assertThat(training).hasSize(14);
    assertThat(csv).hasSize(14);
    assertThat(json).hasSize(14);

    InputSchema schema = served.schema();
    InputSchema.VectorEncoder encoder = schema.encoderFor(featureMap);
    for (int r = 0; r < training.size(); r++) {
      String row = "row " + (r + 1);
      assertThat(csv.get(r).errors()).as(row + " csv").isNull();
      assertThat(json.get(r).errors()).as(row + " json").isNull();
      Map<String, Double> seenByModel = namesAndValues(training.get(r), true);
      assertThat(namesAndValues(schema.toExample(csv.get(r).row()), false)).as(row + " csv").isEqualTo(seenByModel);
      assertThat(namesAndValues(schema.toExample(json.get(r).row()), false)).as(row + " json").isEqualTo(seenByModel);

      // In the model's own id space, as its trees walk them.
      List<String> vector = ids(SparseVector.createSparseVector(training.get(r), featureMap, false));
      assertThat(ids(encoder.encode(csv.get(r).row()))).as(row + " csv vector").isEqualTo(vector);
      assertThat(ids(encoder.encode(json.get(r).row()))).as(row + " json vector").isEqualTo(vector);

      String predicted = model.predict(training.get(r)).getOutput().getLabel();
      assertThat(served.predict(csv.get(r).row()).label()).as(row + " csv prediction").isEqualTo(predicted);
      assertThat(served.predict(json.get(r).row()).label()).as(row + " json prediction").isEqualTo(predicted);
      assertThat(csv.get(r).row().unknownCategories()).as(row + " unknown categories")
          .containsExactlyInAnyOrderElementsOf(json.get(r).row().unknownCategories());
    }
  }

  @Test
  void theRowsMeanWhatTheRuleSays() throws IOException {
    // Spot checks against the rule itself, so three sides agreeing on a wrong reading still fails.
    List<Example<Label>> training = trainingView();
    assertThat(namesAndValues(training.get(0), true)).isEqualTo(Map.of("age", 41.0, "income", 52000.0,
        "sex@female", 1.0, "purpose@car", 1.0, "housing@own", 1.0));
    assertThat(namesAndValues(training.get(1), true)).isEqualTo(Map.of("income", 1000.0, "sex@male", 1.0,
        "purpose@home, new", 1.0));
    assertThat(namesAndValues(training.get(2), true)).isEqualTo(Map.of("income", -0.025, "sex@female", 1.0,
        "purpose@say \"hi\"", 1.0));
    for (int r = 3; r <= 6; r++) { // NaN, nan, null, NULL everywhere but income
      assertThat(namesAndValues(training.get(r), true).keySet()).as("row " + (r + 1)).containsExactly("income");
    }
    assertThat(namesAndValues(training.get(8), true)).isEqualTo(Map.of("age", 33.0, "sex@male", 1.0,
        "purpose@car", 1.0, "housing@rent", 1.0));
    assertThat(namesAndValues(training.get(9), true)).isEqualTo(Map.of("age", 29.0, "income", 88000.0));
    assertThat(namesAndValues(training.get(10), true)).isEqualTo(Map.of("age", 10.0, "income", 20000.0));
    assertThat(namesAndValues(training.get(13), true)).isEqualTo(Map.of("income", 0.5));

    List<InputSchema.Validation> csv = servingCsvView();
    assertThat(csv.get(9).row().unknownCategories()).containsExactlyInAnyOrder("sex", "purpose", "housing");
    assertThat(csv.get(11).row().unknownCategories()).containsExactly("purpose");
    assertThat(csv.get(12).row().unknownCategories()).containsExactly("purpose");
    assertThat(csv.get(1).row().unknownCategories()).isEmpty();
  }

  /** What the trained model gets: training's reading of the file (its CsvReader and FeatureMapping). */
  private static List<Example<Label>> trainingView() throws IOException {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(SCORING.getBytes(StandardCharsets.UTF_8)), SCHEMA,
        null, n -> { }, () -> false);
    return new ArrayList<>(data.examples());
  }

  /** Serving's CSV batch path, as BatchPredictionResource reads it (label and id columns ignorable). */
  private static List<InputSchema.Validation> servingCsvView() throws IOException {
    CsvReader reader = new CsvReader(new StringReader(SCORING));
    String[] header = reader.next();
    List<ProblemError> errors = new ArrayList<>();
    int[] slots = served.schema().columnSlots(header, Set.of(LABEL, "id"), errors);
    assertThat(errors).isEmpty();
    List<InputSchema.Validation> out = new ArrayList<>();
    String[] cells;
    while ((cells = reader.next()) != null) {
      out.add(served.schema().validateText(cells, slots, InputSchema.UnseenPolicy.UNKNOWN, reader.recordLine()));
    }
    return out;
  }

  /**
   * Serving's JSON path: each row sent as a client converting the CSV would send it: a blank cell
   * as null, a numeric cell as a JSON number (or, for a missing-value token, the token as a string),
   * a categorical cell as the string it holds.
   */
  private static List<InputSchema.Validation> servingJsonView() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    PredictionRequestReader reader = new PredictionRequestReader(mapper);
    CsvReader csv = new CsvReader(new StringReader(SCORING));
    List<String> header = List.of(csv.next());
    List<InputSchema.Validation> out = new ArrayList<>();
    String[] cells;
    while ((cells = csv.next()) != null) {
      StringBuilder body = new StringBuilder("{\"features\": {");
      String sep = "";
      for (FeatureSpec spec : served.schema().features()) {
        String cell = cells[header.indexOf(spec.name())];
        body.append(sep).append(mapper.writeValueAsString(spec.name())).append(": ");
        if (FeatureValues.strip(cell).isEmpty()) {
          body.append("null");
        } else if (spec.type() == FeatureSpec.FeatureKind.numeric && !FeatureValues.isMissing(cell)) {
          body.append(FeatureValues.strip(cell)); // the number's own text, as a JSON number
        } else {
          body.append(mapper.writeValueAsString(cell));
        }
        sep = ", ";
      }
      body.append("}}");
      PredictionRequest request = reader.read(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
      out.add(served.schema().validate(request.features(), InputSchema.UnseenPolicy.UNKNOWN));
    }
    return out;
  }

  /** Feature name → value; for training, only the features the model knows (Tribuo ignores the rest). */
  private static Map<String, Double> namesAndValues(Example<Label> example, boolean knownToModelOnly) {
    Map<String, Double> out = new TreeMap<>();
    for (Feature f : example) {
      if (!knownToModelOnly || featureMap.get(f.getName()) != null) {
        out.put(f.getName(), f.getValue());
      }
    }
    return out;
  }

  private static List<String> ids(SparseVector v) {
    List<String> out = new ArrayList<>();
    for (VectorTuple t : v) {
      out.add(t.index + "=" + t.value);
    }
    return out;
  }
}
