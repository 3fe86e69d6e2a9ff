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
    String provenance) {}
