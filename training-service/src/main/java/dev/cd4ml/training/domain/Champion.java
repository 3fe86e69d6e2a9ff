package dev.cd4ml.training.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cd4ml.contracts.model.ChampionMetrics;
import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The model in production when a run evaluated, measured on exactly the run's held-out rows with the
 * same evaluator: the registry's gate compares challenger and champion on the same rows, since each
 * version's own figures come from its own (possibly drifted) data. Its figures go into the run's
 * metrics under {@link ChampionMetrics} keys; this record says which version was measured, or why none was.
 *
 * @param version     the production version measured; null when none was
 * @param dataVersion the data version that production version was trained on
 * @param reason      why there are no champion figures; null when there are
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Champion(Integer version, String dataVersion, String reason) {

  public static Champion measured(int version, String dataVersion) {
    return new Champion(version, dataVersion, null);
  }

  public static Champion absent(Integer version, String reason) {
    return new Champion(version, null, reason);
  }

  /**
   * Why the champion cannot be evaluated on the candidate's rows, if it cannot: another label column,
   * or a feature the candidate's data does not have with the same kind (the champion would see it missing
   * on every row). Categories may differ: Tribuo ignores a one-hot feature its model never saw, as serving does.
   */
  public static Optional<String> incompatibility(ModelSignature champion, ModelSignature candidate) {
    if (champion == null || champion.features() == null || champion.labelColumn() == null) {
      return Optional.of("it has no signature");
    }
    if (!champion.labelColumn().equals(candidate.labelColumn())) {
      return Optional.of("its label column is " + champion.labelColumn() + ", this run's is " + candidate.labelColumn());
    }
    Map<String, FeatureSpec> ours = candidate.features().stream()
        .collect(Collectors.toMap(FeatureSpec::name, Function.identity(), (a, b) -> a));
    List<String> problems = new ArrayList<>();
    for (FeatureSpec f : champion.features()) {
      FeatureSpec mine = ours.get(f.name());
      if (mine == null) {
        problems.add(f.name() + " is not a column of this run's data");
      } else if (mine.type() != f.type()) {
        problems.add(f.name() + " is " + f.type() + " for it but " + mine.type() + " here");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of("feature " + String.join(", ", problems));
  }

  /** {@code champion.version} and {@code champion.<metric>} for every flat held-out metric of its evaluation. */
  public static Map<String, Double> metrics(int version, Evaluation evaluation) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(ChampionMetrics.VERSION, (double) version);
    Evaluator.flatMetrics(evaluation).forEach((k, v) -> out.put(ChampionMetrics.key(k), v));
    return out;
  }
}
