package dev.cd4ml.serving.service;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.explanations.Drivers;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.domain.Explainer;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.domain.PredictionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * Logs the explanation of a sample of predictions (tag {@value PredictionLogFields#EXPLANATION_TAG}), so
 * monitoring can see which features drive predictions over time. The request thread only draws a random
 * number; a sampled row is explained by one small bounded worker (never the event loop: LIME runs a few
 * hundred predictions). A full queue drops the sample and counts it: sampling never slows a prediction.
 * {@code ?explain=true} predictions reuse the explanation the response computed.
 */
@ApplicationScoped
public class ExplanationSampler {
  private static final Logger LOG = Logger.getLogger(ExplanationSampler.class);

  /** Where finished records go: the Fluentd logger in the service. */
  @FunctionalInterface
  public interface Sink {
    void send(String tag, Map<String, Object> record);
  }

  private final Explainer explainer;
  private final Sink sink;
  private final DoubleSupplier random;
  private final ThreadPoolExecutor executor;
  private final Counter logged;
  private final Counter dropped;
  private final Counter unexplained;
  private volatile double rate;

  @Inject
  public ExplanationSampler(ServingConfig config, PredictionLogger logger, MeterRegistry registry) {
    this(config.explainSampleRate(), config.explainQueueSize(), new Explainer(config.limeSamples()), logger::log,
        () -> ThreadLocalRandom.current().nextDouble(), registry);
  }

  ExplanationSampler(double rate, int queueSize, Explainer explainer, Sink sink, DoubleSupplier random,
      MeterRegistry registry) {
    setRate(rate);
    this.explainer = explainer;
    this.sink = sink;
    this.random = random;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, queueSize)),
        r -> {
          Thread t = new Thread(r, "explanation-sampler");
          t.setDaemon(true);
          t.setPriority(Thread.MIN_PRIORITY);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    String description = "Predictions whose explanation was logged, dropped (the explainer was busy) or "
        + "not explainable (model kind)";
    this.logged = Counter.builder("cd4ml.explanation.samples").tag("outcome", "logged").description(description)
        .register(registry);
    this.dropped = Counter.builder("cd4ml.explanation.samples").tag("outcome", "dropped").description(description)
        .register(registry);
    this.unexplained = Counter.builder("cd4ml.explanation.samples").tag("outcome", "unexplained")
        .description(description).register(registry);
  }

  /** Whether this prediction's explanation is logged: one random draw, nothing else. */
  public boolean draw() {
    double r = rate;
    return r > 0 && random.getAsDouble() < r;
  }

  /** Hands a sampled prediction to the worker, or drops it when the worker's queue is full. Never blocks. */
  public void sample(String requestId, long epochMillis, String environment, LoadedModel model, InputSchema.Row row,
      String prediction) {
    try {
      executor.execute(() -> explainAndSend(requestId, epochMillis, environment, model, row, prediction));
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  /** Logs an explanation the response already computed ({@code ?explain=true}). */
  public void computed(String requestId, long epochMillis, String environment, LoadedModel model, String prediction,
      Drivers drivers) {
    if (drivers == null) {
      unexplained.increment();
      return;
    }
    send(requestId, epochMillis, environment, model, prediction, drivers);
  }

  private void explainAndSend(String requestId, long epochMillis, String environment, LoadedModel model,
      InputSchema.Row row, String prediction) {
    try {
      Drivers drivers = explainer.drivers(model, row, prediction);
      if (drivers == null) {
        unexplained.increment();
        return;
      }
      send(requestId, epochMillis, environment, model, prediction, drivers);
    } catch (RuntimeException e) {
      unexplained.increment();
      LOG.debugf("explaining a sampled prediction failed: %s", e.getMessage());
    }
  }

  private void send(String requestId, long epochMillis, String environment, LoadedModel model, String prediction,
      Drivers drivers) {
    sink.send(PredictionLogFields.EXPLANATION_TAG,
        PredictionRecord.explanation(requestId, epochMillis, environment, model, prediction, drivers));
    logged.increment();
  }

  public double rate() {
    return rate;
  }

  /** For the benchmark's toggle ({@code PUT /bench/explain-sample-rate}) and start-up. */
  public void setRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("cd4ml.serving.explain-sample-rate must be between 0 and 1, was " + rate);
    }
    this.rate = rate;
  }

  void stop(@Observes ShutdownEvent ev) {
    executor.shutdownNow();
  }
}
