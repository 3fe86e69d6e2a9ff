package dev.cd4ml.training.component;

import dev.cd4ml.training.domain.DatasetLoader;
import dev.cd4ml.training.domain.LoadedData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.restassured.path.json.JsonPath;
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/** Loads a registered artifact the way serving does and predicts every row of a CSV with it. */
final class ModelFiles {
  private ModelFiles() {}

  /** The schema of a version as data-service served it. */
  static DatasetSchema schema(JsonPath version) {
    List<ColumnSpec> columns = new ArrayList<>();
    for (Map<String, String> c : version.<Map<String, String>>getList("schema.columns")) {
      columns.add(new ColumnSpec(c.get("name"), ColumnSpec.ColumnType.valueOf(c.get("type"))));
    }
    return new DatasetSchema(version.getInt("schema.revision"), columns, version.getString("schema.label"),
        version.getString("schema.idColumn"), version.getList("schema.protectedColumns", String.class));
  }

  static List<String> predictions(byte[] artifact, byte[] csv, JsonPath version) throws Exception {
    Path file = Files.createTempFile("artifact", ".tribuo");
    try {
      Files.write(file, artifact);
      Model<Label> model = Model.deserializeFromFile(file).castModel(Label.class);
      LoadedData data = DatasetLoader.load(new ByteArrayInputStream(csv), schema(version), null,
          n -> { }, () -> false);
      List<String> out = new ArrayList<>();
      for (Prediction<Label> p : model.predict(new ArrayList<Example<Label>>(data.examples()))) {
        StringBuilder sb = new StringBuilder(p.getOutput().getLabel());
        p.getOutputScores().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.getScore()));
        out.add(sb.toString());
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
