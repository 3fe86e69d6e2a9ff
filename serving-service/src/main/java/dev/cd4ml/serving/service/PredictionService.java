package dev.cd4ml.serving.service;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.domain.CanaryRouting;
import dev.cd4ml.serving.domain.Explainer;
import dev.cd4ml.serving.domain.Explanation;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.domain.PredictionOutcome;
import dev.cd4ml.serving.domain.PredictionRecord;
import dev.cd4ml.serving.domain.RejectionRecord;
import dev.cd4ml.serving.domain.RequestIds;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The hot path: validate against the signature, encode, predict, record meters, hand the log
 * record off (and, for a sample, the row to explain). No blocking call, no lock, no per-request meter
 * lookup — it runs on the event loop, except with {@code explain}: LIME runs on a worker thread.
 */
@ApplicationScoped
public class PredictionService {
  /** On a refused prediction: the version and role ({@code primary} | {@code canary}) of the model that refused it. */
  public static final String MODEL_VERSION_HEADER = "X-Model-Version";
  public static final String MODEL_ROLE_HEADER = "X-Model-Role";

  private final ModelManager models;
  private final PredictionLogger logger;
  private final ShadowRunner shadowRunner;
  private final Explainer explainer;
  private final ExplanationSampler sampler;
  private final InputSchema.UnseenPolicy policy;
  private final String environment;
  private final Counter rejected;

  public PredictionService(ModelManager models, PredictionLogger logger, ShadowRunner shadowRunner,
      ExplanationSampler sampler, ServingConfig config, MeterRegistry registry) {
    this.sampler = sampler;
    this.models = models;
    this.logger = logger;
    this.shadowRunner = shadowRunner;
    this.explainer = new Explainer(config.limeSamples());
    this.policy = config.unseenCategory() == ServingConfig.UnseenCategoryPolicy.unknown
        ? InputSchema.UnseenPolicy.UNKNOWN : InputSchema.UnseenPolicy.REJECT;
    this.environment = config.environment().name();
    this.rejected = Counter.builder("cd4ml.predictions.rejected")
        .description("Prediction requests rejected by validation").register(registry);
  }

  /**
   * A prediction with what produced it.
   *
   * @param role {@code primary}, or {@code canary} when the production instance's canary answered
   */
  public record Result(String requestId, LoadedModel model, PredictionOutcome outcome, Explanation explanation,
      List<String> unknownCategories, String role) {}

  /** The served model, or 503 before the first load. */
  public ServedModel served() {
    ServedModel sm = models.current();
    if (sm == null) {
      throw ProblemException.unavailable("no model loaded yet for stage " + models.stage()
          + " (" + models.stageStatus() + ")");
    }
    return sm;
  }

  public Result predict(Map<String, Object> features, boolean explain) {
    return predict(features, explain, null, true);
  }

  /**
   * @param routingKey the caller's {@code X-Routing-Key}: with a canary in production, the same key is always
   *                   answered by the same model; null = chosen at random at the canary's weight
   */
  public Result predict(Map<String, Object> features, boolean explain, String routingKey) {
    return predict(features, explain, routingKey, true);
  }

  /**
   * Everything {@link #predict} does except handing the record to Fluentd (or to the shadow): for
   * {@code POST /bench/predictions-unlogged}, which measures what logging costs on a running instance.
   */
  public Result predictUnlogged(Map<String, Object> features) {
    return predict(features, false, null, false);
  }

  private Result predict(Map<String, Object> features, boolean explain, String routingKey, boolean log) {
    long t0 = System.nanoTime();
    ServedModel sm = served();
    ServedModel canary = models.canary();
    boolean toCanary = canary != null && CanaryRouting.toCanary(routingKey, models.canaryWeight());
    if (toCanary) {
      sm = canary; // validated against its own signature, like any served model
    }
    LoadedModel model = sm.model();
    InputSchema.Validation v = model.schema().validate(features, policy);
    if (!v.valid()) {
      rejected.increment();
      // The headers name the model that refused it, for the caller and for the rejection log (RejectionLogFilter).
      throw new ProblemException(ProblemType.VALIDATION, v.errors().size() + " invalid feature(s) for " + model.name()
          + " v" + model.version(), v.errors(), v.errors().size(), Map.of(MODEL_VERSION_HEADER, "" + model.version(),
          MODEL_ROLE_HEADER, toCanary ? PredictionRecord.CANARY : PredictionRecord.PRIMARY));
    }
    return predictRow(sm, v.row(), explain, t0, null, 0, log, toCanary);
  }

  /** Predicts a validated row (also used by batches) and logs it. */
  public Result predictRow(ServedModel sm, InputSchema.Row row, boolean explain, long startNanos, String batchId,
      long rowNumber) {
    return predictRow(sm, row, explain, startNanos, batchId, rowNumber, true, false);
  }

  private Result predictRow(ServedModel sm, InputSchema.Row row, boolean explain, long startNanos, String batchId,
      long rowNumber, boolean log, boolean canary) {
    LoadedModel model = sm.model();
    PredictionOutcome outcome = model.predict(row);
    Explainer.Explained explained = explain
        ? explainer.explain(model, model.schema().toExample(row), row, outcome.label()) : null;
    long nanos = System.nanoTime() - startNanos;
    sm.meters().record(outcome.label(), nanos);
    String requestId = RequestIds.next();
    if (log) {
      long now = System.currentTimeMillis();
      PredictionRecord record = PredictionRecord.of(requestId, now, environment, model, row, outcome,
          nanos / 1_000_000.0);
      if (batchId != null) {
        record.inBatch(batchId, rowNumber);
      }
      if (canary) {
        record.asCanary();
      }
      ServedModel shadow = canary ? null : models.shadow(); // the shadow is compared with production's answers
      if (shadow != null) {
        shadowRunner.submit(shadow, model.schema(), row, record);
      } else {
        logger.log(record);
      }
      // After the response's own work: an explained request reuses its explanation, others may be sampled.
      if (explained != null) {
        sampler.computed(requestId, now, environment, model, outcome.label(), explained.drivers());
      } else if (sampler.draw()) {
        sampler.sample(requestId, now, environment, model, row, outcome.label());
      }
    }
    return new Result(requestId, model, outcome, explained == null ? null : explained.explanation(),
        row.unknownCategories(), canary ? PredictionRecord.CANARY : PredictionRecord.PRIMARY);
  }

  public InputSchema.UnseenPolicy policy() { return policy; }
  public String environment() { return environment; }

  public void rejectedRow() {
    rejected.increment();
  }

  /**
   * Logs a refused request or batch row (tag cd4ml.rejection) off the request thread: only a small record
   * is queued here, bounded and dropped-and-counted when full.
   *
   * @param row     a batch row's number, else null
   * @param batchId a batch row's batch, else null
   */
  public void rejected(String endpoint, int status, String problemType, List<ProblemError> errors, Long row,
      String batchId) {
    ServedModel sm = models.current();
    rejected(endpoint, status, problemType, errors, row, batchId, sm == null ? null : sm.model().version(), null);
  }

  /** @param version the model that refused it (null: the one served, if any); role {@code primary} or {@code canary} */
  public void rejected(String endpoint, int status, String problemType, List<ProblemError> errors, Long row,
      String batchId, Integer version, String role) {
    logger.log(new RejectionRecord(RequestIds.next(), System.currentTimeMillis(), environment, models.config().model(),
        version, role, endpoint, status, problemType, errors, row, batchId));
  }
}
