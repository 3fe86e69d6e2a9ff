package dev.cd4ml.registry;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Real, small Tribuo models and lineage documents for tests. */
public final class TinyModels {
  private TinyModels() {}

  /** A CART tree on a synthetic two-feature set, serialized the way training-service does (protobuf). */
  public static byte[] artifact(long seed) {
    return bytes(train(seed));
  }

  private static byte[] bytes(Model<Label> model) {
    try {
      Path file = Files.createTempFile("tiny-model", ".tribuo");
      try {
        model.serializeToFile(file);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Model<Label> train(long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(
        new SimpleDataSourceProvenance("synthetic-" + seed, OffsetDateTime.now(), factory), factory);
    Random random = new Random(seed);
    for (int i = 0; i < 80; i++) {
      double income = random.nextDouble();
      double debt = random.nextDouble();
      String label = debt - income + random.nextGaussian() * 0.1 > 0 ? "yes" : "no";
      data.add(new ArrayExample<>(new Label(label), new String[] {"income", "debt_to_income"}, new double[] {income, debt}));
    }
    return new CARTClassificationTrainer(4).train(data);
  }

  /** A deep tree on noise: big enough (hundreds of KiB) to be streamed in many blocks. */
  public static byte[] largeArtifact(long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(
        new SimpleDataSourceProvenance("noise-" + seed, OffsetDateTime.now(), factory), factory);
    Random random = new Random(seed);
    String[] names = new String[20];
    for (int f = 0; f < names.length; f++) {
      names[f] = "f" + f;
    }
    for (int i = 0; i < 4000; i++) {
      double[] values = new double[names.length];
      for (int f = 0; f < values.length; f++) {
        values[f] = random.nextDouble();
      }
      data.add(new ArrayExample<>(new Label(random.nextBoolean() ? "yes" : "no"), names, values));
    }
    return bytes(new CARTClassificationTrainer(Integer.MAX_VALUE).train(data));
  }

  public static ModelLineage lineage(String runId, Map<String, Double> metrics) {
    return new ModelLineage(runId, "credit", "sha-" + runId, "abc1234", "CART", Map.of("maxDepth", 4), 42L, metrics,
        new ModelSignature(List.of(FeatureSpec.numeric("income"), FeatureSpec.numeric("debt_to_income")),
            "defaulted", List.of("yes", "no"), "yes"),
        List.of("sex"), "{\"trainer\":\"CART\"}");
  }

  public static ModelLineage lineage(String runId, double accuracy) {
    return lineage(runId, Map.of("accuracy", accuracy, "macroF1", accuracy - 0.05, "fairness.sex.positiveRateGap", 0.05));
  }

  public static String json(Object value) {
    return EventJson.write(value);
  }
}
