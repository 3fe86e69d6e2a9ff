package dev.cd4ml.serving.service;

import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.domain.PredictionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the shadow model beside the served one, off the request's path: the request only offers a
 * task to a small bounded executor and returns. The shadow's answer is added to the prediction's log
 * record (then logged); when the executor is full the record is logged without it and the skip is
 * counted. A failing shadow never touches the response.
 */
@ApplicationScoped
public class ShadowRunner {
  private static final Logger LOG = Logger.getLogger(ShadowRunner.class);

  private final ThreadPoolExecutor executor;
  private final PredictionLogger logger;
  private final Counter skipped;
  private final Counter failed;
  private final Counter unfit;
  private final InputSchema.UnseenPolicy policy;

  public ShadowRunner(ServingConfig config, PredictionLogger logger, MeterRegistry registry) {
    this.logger = logger;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(1, config.shadow().queueSize())), r -> {
          Thread t = new Thread(r, "shadow-model");
          t.setDaemon(true);
          t.setPriority(Thread.MIN_PRIORITY);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.skipped = Counter.builder("cd4ml.shadow.skipped")
        .description("Shadow predictions skipped because the shadow executor was busy").register(registry);
    this.failed = Counter.builder("cd4ml.shadow.failures")
        .description("Shadow predictions that threw").register(registry);
    this.unfit = Counter.builder("cd4ml.shadow.unfit")
        .description("Requests the shadow could not predict: they do not fit its own signature").register(registry);
    // The shadow reads a request as it would served alone on this instance.
    this.policy = config.unseenCategory() == ServingConfig.UnseenCategoryPolicy.unknown
        ? InputSchema.UnseenPolicy.UNKNOWN : InputSchema.UnseenPolicy.REJECT;
  }

  /**
   * Logs {@code record} after the shadow predicted the same request, or right away when it cannot.
   * {@code row} is in the served model's slots ({@code primary}); the shadow reads it through its own.
   */
  void submit(ServedModel shadow, InputSchema primary, InputSchema.Row row, PredictionRecord record) {
    try {
      executor.execute(() -> run(shadow, primary, row, record));
    } catch (RejectedExecutionException e) {
      skipped.increment();
      logger.log(record);
    }
  }

  private void run(ServedModel shadow, InputSchema primary, InputSchema.Row row, PredictionRecord record) {
    try {
      LoadedModel m = shadow.model();
      long t0 = System.nanoTime();
      String label = predict(m, primary, row, policy);
      if (label == null) {
        unfit.increment();
      } else {
        shadow.meters().record(label, System.nanoTime() - t0);
        record.addShadow(m.version(), label);
      }
    } catch (RuntimeException e) {
      failed.increment();
      LOG.debugf("shadow prediction failed: %s", e.getMessage());
    }
    logger.log(record);
  }

  /**
   * What {@code shadow} predicts for the request {@code primary} validated into {@code row}: the
   * request encoded from the shadow's own signature (another column order or feature set must not
   * shift values into the wrong features), so it predicts what it would served alone; null when the
   * request does not fit the shadow's signature (a feature it needs is absent, a category it refuses).
   */
  static String predict(LoadedModel shadow, InputSchema primary, InputSchema.Row row, InputSchema.UnseenPolicy policy) {
    InputSchema own = shadow.schema();
    InputSchema.Row ownRow = row;
    if (own != primary) {
      InputSchema.Validation v = own.fromRow(primary, row, policy);
      if (!v.valid()) {
        LOG.debugf("request does not fit shadow v%d: %s", shadow.version(), v.errors());
        return null;
      }
      ownRow = v.row();
    }
    return shadow.predict(ownRow).label();
  }

  void stop(@Observes ShutdownEvent ev) {
    executor.shutdownNow();
  }
}
