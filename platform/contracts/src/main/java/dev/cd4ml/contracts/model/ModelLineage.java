package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where a model version comes from: enough to reproduce it. Sent by training-service on
 * registration, stored immutably by registry-service, shown by serving.
 *
 * @param metrics          flat metric names, e.g. {@code accuracy}, {@code macroF1}, {@code fairness.sex.positiveRateGap}
 * @param protectedColumns columns watched for fairness
 * @param provenance       Tribuo's provenance of the trained model, as JSON text
 * @param dataOrigin       where the training data version came from (data-service's source, parents and
 *                         message), e.g. a feedback harvest of production predictions; null when not known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelLineage(
    String trainingRunId,
    String dataset,
    String dataVersion,
    String codeRevision,
    String algorithm,
    Map<String, Object> params,
    Long seed,
    Map<String, Double> metrics,
    ModelSignature signature,
    List<String> protectedColumns,
    String provenance,
    DataOrigin dataOrigin) {

  /** A lineage without the data version's origin (recorded before it was carried, or not known). */
  public ModelLineage(String trainingRunId, String dataset, String dataVersion, String codeRevision, String algorithm,
      Map<String, Object> params, Long seed, Map<String, Double> metrics, ModelSignature signature,
      List<String> protectedColumns, String provenance) {
    this(trainingRunId, dataset, dataVersion, codeRevision, algorithm, params, seed, metrics, signature,
        protectedColumns, provenance, null);
  }

  /**
   * The training data version's own record, as data-service gave it ({@code DatasetVersionInfo}).
   *
   * @param source  upload | feedback | derived
   * @param parents the versions it derives from (a harvest's parent: the training data of the served version)
   * @param message why it exists (a harvest names its window and counts)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DataOrigin(String source, List<String> parents, String message, Integer number) {}
}
