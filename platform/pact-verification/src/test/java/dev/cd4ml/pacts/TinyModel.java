package dev.cd4ml.pacts;

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
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** A real CART model (registry-service inspects what it registers) and the lineage training-service sends with it. */
final class TinyModel {
  private TinyModel() {}

  static byte[] artifact(long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(
        new SimpleDataSourceProvenance("pact-" + seed, OffsetDateTime.now(), factory), factory);
    Random random = new Random(seed);
    for (int i = 0; i < 80; i++) {
      double income = random.nextDouble();
      double debt = random.nextDouble();
      String label = debt - income + random.nextGaussian() * 0.1 > 0 ? "yes" : "no";
      data.add(new ArrayExample<>(new Label(label), new String[] {"income", "debt_to_income"}, new double[] {income, debt}));
    }
    try {
      Path file = Files.createTempFile("pact-model", ".tribuo");
      try {
        new CARTClassificationTrainer(4).train(data).serializeToFile(file);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A data version id as data-service makes them: the SHA-256 (hex) of some content, here the run's id. */
  private static String dataVersion(String runId) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ModelLineage lineage(String runId) {
    return new ModelLineage(runId, "credit", dataVersion(runId), "abc1234", "CART", Map.of("maxDepth", 4), 42L,
        Map.of("accuracy", 0.8, "macroF1", 0.75),
        new ModelSignature(List.of(FeatureSpec.numeric("income"), FeatureSpec.numeric("debt_to_income")),
            "defaulted", List.of("yes", "no"), "yes"),
        List.of("sex"), "{\"trainer\":\"CART\"}");
  }
}
