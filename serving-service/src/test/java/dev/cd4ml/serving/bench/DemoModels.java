package dev.cd4ml.serving.bench;

import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * CART models on data shaped like the platform's demo credit data (13 features, training-service's
 * encoding: numeric feature = column name, categorical one-hot {@code col@value}), so the benchmark
 * validates and encodes what production requests carry.
 */
final class DemoModels {
  // The demo data's own spellings: requests carry what data-service's generator writes.
  static final List<String> AGE_BANDS = DemoDataGenerator.AGE_BANDS;
  static final List<String> SEX = DemoDataGenerator.SEXES;
  static final List<String> EMPLOYMENT = DemoDataGenerator.EMPLOYMENTS;
  static final List<String> HOUSING = DemoDataGenerator.HOUSINGS;
  static final List<String> PURPOSES = DemoDataGenerator.PURPOSES;
  static final List<String> REGIONS = DemoDataGenerator.REGIONS;
  static final List<String> NUMERIC = List.of("age", "income", "loan_amount", "loan_term_months", "credit_score",
      "num_late_payments", "debt_to_income");

  private DemoModels() {}

  static ModelSignature signature() {
    List<FeatureSpec> f = new ArrayList<>();
    f.add(FeatureSpec.numeric("age"));
    f.add(FeatureSpec.categorical("age_band", AGE_BANDS));
    f.add(FeatureSpec.categorical("sex", SEX));
    f.add(FeatureSpec.numeric("income"));
    f.add(FeatureSpec.numeric("loan_amount"));
    f.add(FeatureSpec.numeric("loan_term_months"));
    f.add(FeatureSpec.numeric("credit_score"));
    f.add(FeatureSpec.numeric("num_late_payments"));
    f.add(FeatureSpec.numeric("debt_to_income"));
    f.add(FeatureSpec.categorical("employment", EMPLOYMENT));
    f.add(FeatureSpec.categorical("housing", HOUSING));
    f.add(FeatureSpec.categorical("purpose", PURPOSES));
    f.add(FeatureSpec.categorical("region", REGIONS));
    return new ModelSignature(f, "defaulted", List.of("no", "yes"), "yes");
  }

  /** One synthetic row as a request's feature map. */
  static Map<String, Object> row(SplittableRandom r) {
    Map<String, Object> m = new LinkedHashMap<>();
    int age = 18 + r.nextInt(60);
    m.put("age", age);
    m.put("age_band", age <= 25 ? "18-25" : age <= 35 ? "26-35" : age <= 50 ? "36-50" : age <= 65 ? "51-65" : "66+");
    m.put("sex", SEX.get(r.nextInt(2)));
    m.put("income", 15000 + r.nextInt(120000));
    m.put("loan_amount", 1000 + r.nextInt(40000));
    m.put("loan_term_months", 12 * (1 + r.nextInt(6)));
    m.put("credit_score", 450 + r.nextInt(400));
    m.put("num_late_payments", r.nextInt(5));
    m.put("debt_to_income", Math.round(r.nextDouble() * 80) / 100.0);
    m.put("employment", EMPLOYMENT.get(r.nextInt(EMPLOYMENT.size())));
    m.put("housing", HOUSING.get(r.nextInt(HOUSING.size())));
    m.put("purpose", PURPOSES.get(r.nextInt(PURPOSES.size())));
    m.put("region", REGIONS.get(r.nextInt(REGIONS.size())));
    return m;
  }

  static Model<Label> cart(int depth, long seed) {
    LabelFactory lf = new LabelFactory();
    MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("demo-like credit", lf), lf);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 5000; i++) {
      Map<String, Object> row = row(r);
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Map.Entry<String, Object> e : row.entrySet()) {
        if (e.getValue() instanceof Number n) {
          names.add(e.getKey());
          values.add(n.doubleValue());
        } else {
          names.add(e.getKey() + "@" + e.getValue());
          values.add(1.0);
        }
      }
      double risk = ((Number) row.get("debt_to_income")).doubleValue() * 2.5
          + ((Number) row.get("num_late_payments")).intValue() * 0.5
          + (((Number) row.get("credit_score")).intValue() < 600 ? 0.8 : 0)
          + ("unemployed".equals(row.get("employment")) ? 0.9 : 0) + r.nextDouble() * 0.8;
      double[] v = new double[values.size()];
      for (int i2 = 0; i2 < v.length; i2++) {
        v[i2] = values.get(i2);
      }
      ds.add(new ArrayExample<>(new Label(risk > 2.2 ? "yes" : "no"), names.toArray(new String[0]), v));
    }
    return new CARTClassificationTrainer(depth).train(ds);
  }

  static ModelLineage lineage(long seed) {
    return new ModelLineage("bench-run-" + seed, "credit", "bench-data-" + seed, "bench", "CART",
        Map.of("maxDepth", 8), seed, Map.of("accuracy", 0.85), signature(), List.of("sex", "age_band"), "{}");
  }
}
