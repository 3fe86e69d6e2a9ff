package dev.cd4ml.serving.support;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Small real Tribuo models on a synthetic credit-like dataset, encoded the way Tribuo's columnar
 * processors do ({@code col@value} numeric, {@code col@category} one-hot), for tests and the bench.
 */
public final class TestModels {
  public static final List<String> SEX = List.of("female", "male");
  public static final List<String> PURPOSE = List.of("car", "education", "home");
  public static final List<String> HOUSING = List.of("own", "rent");

  private TestModels() {}

  public static ModelSignature signature() {
    return new ModelSignature(List.of(
        FeatureSpec.numeric("age"),
        FeatureSpec.numeric("income"),
        FeatureSpec.numeric("num_late_payments"),
        FeatureSpec.categorical("sex", SEX),
        FeatureSpec.categorical("purpose", PURPOSE),
        FeatureSpec.categorical("housing", HOUSING)), "defaulted", List.of("no", "yes"), "yes");
  }

  /** A valid request row. */
  public static Map<String, Object> row(double age, double income, int late, String sex, String purpose, String housing) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("age", age);
    m.put("income", income);
    m.put("num_late_payments", late);
    m.put("sex", sex);
    m.put("purpose", purpose);
    m.put("housing", housing);
    return m;
  }

  public static Map<String, Object> sampleRow() {
    return row(29, 21000, 3, "female", "education", "rent");
  }

  public static MutableDataset<Label> dataset(int rows, long seed) {
    LabelFactory lf = new LabelFactory();
    MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic credit", lf), lf);
    Random r = new Random(seed);
    for (int i = 0; i < rows; i++) {
      double age = 18 + r.nextInt(60);
      double income = 12000 + r.nextInt(90000);
      int late = r.nextInt(6);
      String sex = SEX.get(r.nextInt(SEX.size()));
      String purpose = PURPOSE.get(r.nextInt(PURPOSE.size()));
      String housing = HOUSING.get(r.nextInt(HOUSING.size()));
      double risk = (income < 35000 ? 1.2 : 0) + late * 0.45 + (age < 30 ? 0.6 : 0)
          + ("education".equals(purpose) ? 0.5 : 0) + ("rent".equals(housing) ? 0.3 : 0) + r.nextGaussian() * 0.4;
      String label = risk > 2.0 ? "yes" : "no";
      ds.add(new ArrayExample<>(new Label(label),
          new String[] {"age@value", "income@value", "num_late_payments@value", "sex@" + sex, "purpose@" + purpose,
              "housing@" + housing},
          new double[] {age, income, late, 1, 1, 1}));
    }
    return ds;
  }

  public static Model<Label> cart(int depth, long seed) {
    return new CARTClassificationTrainer(depth).train(dataset(600, seed));
  }

  public static Model<Label> forest(int trees, long seed) {
    RandomForestTrainer<Label> rf = new RandomForestTrainer<>(new CARTClassificationTrainer(6, 0.7f, seed),
        new VotingCombiner(), trees, seed);
    return rf.train(dataset(600, seed));
  }

  public static byte[] bytes(Model<?> model) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      model.serializeToStream(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static ModelLineage lineage(String algorithm, long seed) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("maxDepth", 6);
    return new ModelLineage("run-" + seed, "credit", "sha256-of-data-" + seed, "test-rev", algorithm, params, seed,
        Map.of("accuracy", 0.8), signature(), List.of("sex"), "{}");
  }

  public static ModelVersionInfo info(String model, int version, byte[] artifact, String algorithm) {
    return new ModelVersionInfo(model, version, Stage.staging, "s3://models/" + model + "/" + version, sha256(artifact),
        artifact.length, lineage(algorithm, version), new ArrayList<>(), Instant.parse("2026-01-01T00:00:00Z"));
  }
}
