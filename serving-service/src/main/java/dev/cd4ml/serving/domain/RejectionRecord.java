package dev.cd4ml.serving.domain;

import static dev.cd4ml.contracts.logging.PredictionLogFields.BATCH_ID;
import static dev.cd4ml.contracts.logging.PredictionLogFields.COLUMN;
import static dev.cd4ml.contracts.logging.PredictionLogFields.ENDPOINT;
import static dev.cd4ml.contracts.logging.PredictionLogFields.ENVIRONMENT;
import static dev.cd4ml.contracts.logging.PredictionLogFields.FIELDS;
import static dev.cd4ml.contracts.logging.PredictionLogFields.MODEL;
import static dev.cd4ml.contracts.logging.PredictionLogFields.PROBLEM_TYPE;
import static dev.cd4ml.contracts.logging.PredictionLogFields.REQUEST_ID;
import static dev.cd4ml.contracts.logging.PredictionLogFields.ROLE;
import static dev.cd4ml.contracts.logging.PredictionLogFields.ROW;
import static dev.cd4ml.contracts.logging.PredictionLogFields.STATUS;
import static dev.cd4ml.contracts.logging.PredictionLogFields.TIMESTAMP;
import static dev.cd4ml.contracts.logging.PredictionLogFields.VERSION;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prediction request (or batch row) serving refused, as logged with tag
 * {@code cd4ml.rejection}: captured on the request thread as this small record, turned into the
 * record's fields on the log shipper's thread.
 *
 * @param version  the version that refused it (the canary's for its share of traffic), null before the first load
 * @param role     {@code primary} or {@code canary}: which of the two refused it
 * @param errors   the problem's errors (field, row, column); only where they point is logged
 * @param row      a batch row's number (1-based), else null
 * @param batchId  a batch row's batch, else null
 */
public record RejectionRecord(String requestId, long epochMillis, String environment, String model, Integer version,
    String role, String endpoint, int status, String problemType, List<ProblemError> errors, Long row, String batchId) {

  /** The record's fields (names in {@code PredictionLogFields}). */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>(16);
    m.put(REQUEST_ID, requestId);
    m.put(TIMESTAMP, IsoMillis.format(epochMillis));
    m.put(ENVIRONMENT, environment);
    m.put(MODEL, model);
    if (version != null) {
      m.put(VERSION, version);
      m.put(ROLE, role == null ? PredictionRecord.PRIMARY : role);
    }
    m.put(ENDPOINT, endpoint);
    m.put(STATUS, status);
    m.put(PROBLEM_TYPE, problemType);
    List<String> fields = new ArrayList<>();
    Long line = null;
    Integer column = null;
    for (ProblemError e : errors == null ? List.<ProblemError>of() : errors) {
      if (e.field() != null && !fields.contains(e.field())) {
        fields.add(e.field());
      }
      line = line == null ? e.row() : line;
      column = column == null ? e.column() : column;
    }
    if (!fields.isEmpty()) {
      m.put(FIELDS, fields);
    }
    // A batch row is named by its number; otherwise the row is the line the problem names (CSV, JSON).
    Long r = row != null ? row : line;
    if (r != null) {
      m.put(ROW, r);
    }
    if (column != null) {
      m.put(COLUMN, column);
    }
    if (batchId != null) {
      m.put(BATCH_ID, batchId);
    }
    return m;
  }
}
