package dev.cd4ml.monitoring.domain;

import dev.cd4ml.contracts.dataset.DatasetProfile;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A served version's {@link Baseline}: its signature (features, labels) and held-out metrics from
 * the registry's lineage, the distributions from its training data version's profile. Nothing is
 * taken from the demo data: any schema the pipeline trained on works.
 */
public final class Baselines {
  /** Live categories counted one by one beyond the training's listed ones, to name unseen values. */
  static final int EXTRA_CATEGORIES = 20;

  private Baselines() {}

  public static Baseline of(ModelVersionInfo version, DatasetProfile profile) {
    ModelLineage lineage = version.lineage();
    if (lineage == null || lineage.signature() == null) {
      throw new IllegalArgumentException("model " + version.model() + " v" + version.version() + " has no signature in its lineage");
    }
    List<Baseline.Feature> features = new ArrayList<>();
    for (FeatureSpec spec : lineage.signature().features()) {
      DatasetProfile.ColumnProfile column = profile.columns().get(spec.name());
      String field = PredictionLogFields.featureField(spec.name());
      if (column == null) {
        // A feature the profile does not know (should not happen): judged as having no training values.
        features.add(spec.type() == FeatureSpec.FeatureKind.numeric
            ? new Baseline.Feature(spec.name(), field, 0, 0, new double[] {0, 0}, new long[] {0}, null, 0)
            : new Baseline.Feature(spec.name(), field, 0, 0, null, null, Map.of(), 0));
        continue;
      }
      if (spec.type() == FeatureSpec.FeatureKind.numeric) {
        DatasetProfile.Histogram h = column.histogram();
        boolean empty = h == null || h.edges().length < 2;
        features.add(new Baseline.Feature(spec.name(), field, column.count(), column.missing(),
            empty ? new double[] {0, 0} : h.edges(), empty ? new long[] {0} : h.counts(), null, 0));
      } else {
        Map<String, Long> categories = column.categories() == null ? Map.of() : new LinkedHashMap<>(column.categories());
        features.add(new Baseline.Feature(spec.name(), field, column.count(), column.missing(), null, null,
            categories, column.other() == null ? 0 : column.other()));
      }
    }
    Map<String, Long> labelCounts = profile.label() == null ? Map.of() : profile.label().categories();
    List<String> protectedColumns = lineage.protectedColumns() == null ? List.of() : lineage.protectedColumns().stream()
        .filter(c -> lineage.signature().features().stream().anyMatch(f -> f.name().equals(c)))
        .toList();
    Double accuracy = lineage.metrics() == null ? null : lineage.metrics().get("accuracy");
    return new Baseline(lineage.dataset(), lineage.dataVersion(), profile.rows(), features,
        lineage.signature().labels(), labelCounts, lineage.signature().positiveLabel(),
        protectedColumns, accuracy == null ? Double.NaN : accuracy);
  }

  /** How each feature is counted in the prediction log. */
  public static List<FeaturePlan> plan(Baseline b) {
    List<FeaturePlan> plan = new ArrayList<>();
    for (Baseline.Feature f : b.features()) {
      plan.add(f.numeric() ? FeaturePlan.numeric(f.name(), f.field(), new NumericBins(f.edges()))
          : FeaturePlan.categorical(f.name(), f.field(), f.categories().size() + EXTRA_CATEGORIES));
    }
    return plan;
  }

  /** Log fields of the protected columns (protected columns are features: serving logs them). */
  public static List<String> protectedFields(Baseline b) {
    return b.protectedColumns().stream().map(PredictionLogFields::featureField).toList();
  }
}
