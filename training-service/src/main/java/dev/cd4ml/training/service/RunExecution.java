package dev.cd4ml.training.service;

import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.support.client.RemoteNotFound;
import dev.cd4ml.support.client.RemoteRejected;
import dev.cd4ml.support.client.RemoteUnavailable;
import dev.cd4ml.training.client.DataServiceClient;
import dev.cd4ml.training.domain.Algorithm;
import dev.cd4ml.training.domain.DatasetLoader;
import dev.cd4ml.training.domain.DriverShares;
import dev.cd4ml.training.domain.Evaluation;
import dev.cd4ml.training.domain.Evaluator;
import dev.cd4ml.training.domain.LoadedData;
import dev.cd4ml.training.domain.ModelTraining;
import dev.cd4ml.training.domain.RunCancelled;
import dev.cd4ml.training.domain.RunFailure;
import dev.cd4ml.training.domain.RunStatus;
import dev.cd4ml.training.domain.TrainingParams;
import dev.cd4ml.training.repository.TrainingRun;
import dev.cd4ml.training.repository.TrainingRunRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Executes one run on a worker thread: loading → training → evaluating → (registering) →
 * succeeded, or failed / cancelled. Cancellation is checked between phases and while rows load.
 */
@ApplicationScoped
public class RunExecution {
  private static final Logger LOG = Logger.getLogger(RunExecution.class);
  // Share of the progress bar each phase ends at.
  private static final int LOADED = 60;
  private static final int TRAINED = 85;
  private static final int EVALUATED = 95;

  private final TrainingRunRepository runs;
  private final RunTracker tracker;
  private final DataServiceClient data;
  private final ModelRegistration registration;
  private final Json json;
  private final MeterRegistry meters;
  private final ChampionEvaluation champions;

  public RunExecution(TrainingRunRepository runs, RunTracker tracker, DataServiceClient data,
      ModelRegistration registration, Json json, MeterRegistry meters, ChampionEvaluation champions) {
    this.runs = runs;
    this.tracker = tracker;
    this.data = data;
    this.registration = registration;
    this.json = json;
    this.meters = meters;
    this.champions = champions;
  }

  public void execute(ActiveRun live) {
    UUID id = live.id;
    Map<String, Long> timings = new LinkedHashMap<>();
    long started = System.nanoTime();
    try {
      TrainingRun run = runs.find(id).orElseThrow();
      timings.put("queued", Math.max(0, java.time.Duration.between(run.createdAt, java.time.OffsetDateTime.now()).toMillis()));
      if (live.cancelled || !tracker.start(id, timings)) {
        tracker.cancelled(id, timings);
        return;
      }
      Algorithm algorithm = Algorithm.fromWireName(run.algorithm);
      Map<String, Object> rawParams = json.map(run.params);
      TrainingParams params = TrainingParams.from(algorithm, rawParams, new java.util.ArrayList<>());
      Map<String, Object> splitMap = json.map(run.split);
      SplitSpec split = new SplitSpec(((Number) splitMap.get("testFraction")).doubleValue(),
          Boolean.TRUE.equals(splitMap.get("stratified")));

      // loading
      live.phase = RunStatus.loading.name();
      long t = System.nanoTime();
      DatasetVersionInfo version = data.version(run.dataset, run.dataVersionRef);
      if (version.schema() == null) {
        throw new RunFailure("data-service returned version " + version.id() + " without a schema");
      }
      tracker.resolved(id, version.id(), version.number(),
          version.schema().protectedColumns() == null ? List.of() : version.schema().protectedColumns(),
          new ModelLineage.DataOrigin(version.source(), version.parents(), version.message(), version.number()));
      live.rowsExpected = version.rows() > 0 ? version.rows() : null;
      LoadedData loaded;
      try (InputStream content = data.content(run.dataset, version.id())) {
        loaded = DatasetLoader.load(content, version.schema(), version.id(), rows -> {
          live.rowsLoaded = rows;
          Long expected = live.rowsExpected;
          live.percent = expected == null ? 0 : (int) Math.min(LOADED - 1, rows * LOADED / Math.max(1, expected));
        }, () -> live.cancelled);
      }
      timings.put("loading", ms(t));
      checkpoint(live);

      // training
      live.phase = RunStatus.training.name();
      live.percent = LOADED;
      tracker.phase(id, RunStatus.training, LOADED, live.rowsLoaded, timings);
      t = System.nanoTime();
      String description = run.dataset + "@" + version.id();
      ModelTraining.Prepared prepared = ModelTraining.prepare(loaded, split, run.seed, run.positiveLabel, description);
      List<String> protectedColumns = loaded.mapping().protectedColumns();
      loaded = null; // the examples live on in the prepared datasets; let the rest go
      Model<Label> model = ModelTraining.train(algorithm, params, run.seed, prepared.train());
      timings.put("training", ms(t));
      Timer.builder("cd4ml.training.train.time").tag("algorithm", algorithm.wireName()).register(meters)
          .record(java.time.Duration.ofMillis(timings.get("training")));
      checkpoint(live);

      // evaluating
      live.phase = RunStatus.evaluating.name();
      live.percent = TRAINED;
      tracker.phase(id, RunStatus.evaluating, TRAINED, live.rowsLoaded, timings);
      t = System.nanoTime();
      Evaluation evaluation = ModelTraining.evaluate(model, prepared, protectedColumns);
      Map<String, Double> metrics = Evaluator.flatMetrics(evaluation);
      // What drives the held-out predictions, by serving's definition: monitoring's baseline for explanations.
      metrics.putAll(DriverShares.metrics(model, prepared.test(),
          prepared.signature().features().stream().map(f -> f.name()).toList(), run.seed));
      // The production model on exactly these held-out rows: the gate compares challenger and champion on the same rows.
      ChampionEvaluation.Outcome champion = champions.evaluate(run.modelName, prepared, protectedColumns);
      metrics.putAll(champion.metrics());
      String provenance = ModelTraining.provenanceJson(model);
      // Kept even when registration is not asked yet: the pipeline registers after its gate.
      byte[] artifact = serialize(model);
      timings.put("evaluating", ms(t));
      checkpoint(live);
      tracker.evaluated(id, prepared.positiveLabel(), metrics, evaluation, champion.champion(), prepared.signature(),
          provenance, artifact, sha256(artifact), run.register);

      if (run.register) {
        live.phase = RunStatus.registering.name();
        live.percent = EVALUATED;
        tracker.phase(id, RunStatus.registering, EVALUATED, live.rowsLoaded, timings);
        t = System.nanoTime();
        registration.attempt(id);
        timings.put("registering", ms(t));
      }
      timings.put("total", ms(started));
      tracker.succeeded(id, timings);
      live.phase = RunStatus.succeeded.name();
      live.percent = 100;
    } catch (RunCancelled e) {
      cancelled(id, timings, started);
    } catch (RunFailure e) {
      fail(live, timings, started, e.getMessage());
    } catch (RemoteRejected e) {
      fail(live, timings, started, e instanceof RemoteNotFound
          ? "dataset version not found in data-service: " + e.getMessage() : e.getMessage());
    } catch (RemoteUnavailable | FaultToleranceException e) {
      if (live.cancelled) {
        cancelled(id, timings, started);
      } else {
        fail(live, timings, started, "data-service unavailable: " + e.getMessage());
      }
    } catch (OutOfMemoryError e) {
      fail(live, timings, started, "out of memory: the dataset is too large for this worker's heap");
    } catch (IOException e) {
      // includes the InterruptedIOException a cancel during a download causes
      cancelledOrFailed(live, timings, started, e);
    } catch (RuntimeException e) {
      LOG.errorf(e, "training run %s failed unexpectedly", id);
      cancelledOrFailed(live, timings, started, e);
    }
  }

  private void cancelledOrFailed(ActiveRun live, Map<String, Long> timings, long started, Exception e) {
    if (live.cancelled) {
      cancelled(live.id, timings, started);
    } else {
      fail(live, timings, started, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private void cancelled(UUID id, Map<String, Long> timings, long started) {
    Thread.interrupted(); // the cancel interrupt must not break the database write below
    timings.put("total", ms(started));
    tracker.cancelled(id, timings);
    LOG.infof("training run %s cancelled", id);
  }

  private void fail(ActiveRun live, Map<String, Long> timings, long started, String reason) {
    Thread.interrupted();
    timings.put("total", ms(started));
    tracker.failed(live.id, live.phase, reason, timings);
  }

  private static void checkpoint(ActiveRun live) {
    if (live.cancelled) {
      throw new RunCancelled();
    }
  }

  static byte[] serialize(Model<Label> model) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      model.serializeToStream(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new RunFailure("could not serialize the model: " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
