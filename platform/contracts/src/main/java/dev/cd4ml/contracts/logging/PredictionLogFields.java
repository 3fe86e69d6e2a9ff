package dev.cd4ml.contracts.logging;

import java.util.Map;
import java.util.Set;

/**
 * The prediction log's record, declared once: the Fluentd tags serving sends and the field names
 * monitoring aggregates on (index templates in monitoring/elasticsearch map the same names).
 * Records are flat: every input feature is a field of its own, named after the feature unless that
 * name is one of the record's own fields, in which case it is {@code feature_<name>}.
 */
public final class PredictionLogFields {
  public static final String PREDICTION_TAG = "cd4ml.prediction";
  public static final String FEEDBACK_TAG = "cd4ml.feedback";
  public static final String EXPLANATION_TAG = "cd4ml.explanation";
  /**
   * A prediction request (or batch row) serving refused: requestId, timestamp, environment, model,
   * version and {@link #ENDPOINT}, {@link #STATUS}, {@link #PROBLEM_TYPE}, {@link #FIELDS}, and
   * {@link #ROW}/{@link #COLUMN}/{@link #BATCH_ID} when the problem names them.
   */
  public static final String REJECTION_TAG = "cd4ml.rejection";

  public static final String REQUEST_ID = "requestId";
  public static final String TIMESTAMP = "timestamp";
  public static final String ENVIRONMENT = "environment";
  public static final String MODEL = "model";
  public static final String VERSION = "version";
  public static final String PREDICTION = "prediction";
  public static final String PROBABILITIES = "probabilities";
  public static final String LATENCY_MS = "latencyMs";
  public static final String SHADOW_VERSION = "shadowVersion";
  public static final String SHADOW_PREDICTION = "shadowPrediction";
  public static final String SHADOW_AGREEMENT = "shadowAgreement";
  public static final String UNKNOWN_CATEGORIES = "unknownCategories";
  public static final String BATCH_ID = "batchId";
  public static final String ROW = "row";
  /** Which of the production instance's models answered: {@code primary} or {@code canary}. */
  public static final String ROLE = "role";
  /** Explanation records (tag {@link #EXPLANATION_TAG}) carry requestId … prediction and these. */
  public static final String METHOD = "method";
  /** Input feature names (columns, not one-hot names), most important first. */
  public static final String DRIVERS = "drivers";
  /** Feature → LIME weight; absent for a decision path. */
  public static final String WEIGHTS = "weights";
  /** Rejection records (tag {@link #REJECTION_TAG}): the path refused, e.g. {@code /predictions/batch}. */
  public static final String ENDPOINT = "endpoint";
  /** HTTP status of the refusal (a refused batch row: the batch's own status). */
  public static final String STATUS = "status";
  /** The problem's slug in {@code dev.cd4ml.contracts.problem.ProblemType}, e.g. {@code validation}. */
  public static final String PROBLEM_TYPE = "problemType";
  /** The fields the problem's errors name ({@code features.<name>}), as a list. */
  public static final String FIELDS = "fields";
  /** The 1-based column the first error names (CSV, JSON). */
  public static final String COLUMN = "column";
  /** Written onto a prediction by monitoring when feedback labels it. */
  public static final String ACTUAL = "actual";
  public static final String LABELLED_AT = "labelledAt";
  /**
   * Feedback records (tag {@link #FEEDBACK_TAG}): who sent the label, from the verified token (a person's user
   * name, or a service's client id), never declared by the caller.
   */
  public static final String SENT_BY = "sentBy";

  /** The record's own fields: a feature with one of these names is logged as {@code feature_<name>}. */
  public static final Set<String> RESERVED = Set.of(REQUEST_ID, TIMESTAMP, ENVIRONMENT, MODEL, VERSION,
      PREDICTION, PROBABILITIES, LATENCY_MS, SHADOW_VERSION, SHADOW_PREDICTION, SHADOW_AGREEMENT,
      UNKNOWN_CATEGORIES, BATCH_ID, ROW, ROLE, ACTUAL, LABELLED_AT, "@timestamp");

  private PredictionLogFields() {}

  /**
   * The search-engine document id of a record, so that a bulk request sent again (a timeout, a
   * restarted forwarder) overwrites what it already indexed instead of adding a copy: the request id
   * (with the row for a refused batch row; with the time for feedback, of which a request may get
   * several). Null for a record without a request id: the engine picks one.
   */
  public static String documentId(String tag, Map<String, ?> fields) {
    Object id = fields.get(REQUEST_ID);
    if (id == null) {
      return null;
    }
    if (FEEDBACK_TAG.equals(tag)) {
      Object at = fields.get(TIMESTAMP);
      return at == null ? null : id + "@" + at;
    }
    Object row = fields.get(ROW);
    return row == null ? id.toString() : id + ":" + row;
  }

  /** The field a feature is logged under. */
  public static String featureField(String feature) {
    return RESERVED.contains(feature) ? "feature_" + feature : feature;
  }
}
