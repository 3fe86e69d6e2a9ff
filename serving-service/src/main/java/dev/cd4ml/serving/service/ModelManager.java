package dev.cd4ml.serving.service;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.serving.client.RegistryClient;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.domain.ArtifactCache;
import dev.cd4ml.serving.domain.LoadedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Owns what is served. The current model (and the optional shadow) sit in atomic references: a
 * swap is one reference write, so requests in flight finish on the model they started with.
 * Loads run one at a time on a dedicated thread — never on a request or Kafka thread — and only a
 * downloaded artifact whose SHA-256 matches the registry's and that deserializes and predicts is
 * swapped in; anything else keeps the current model and is reported.
 */
@ApplicationScoped
public class ModelManager {
  private static final Logger LOG = Logger.getLogger(ModelManager.class);

  private final ServingConfig config;
  private final RegistryClient registry;
  private final MeterRegistry meters;
  private final ArtifactCache cache;
  private final Stage stage;
  private final AtomicReference<ServedModel> current = new AtomicReference<>();
  private final AtomicReference<ServedModel> shadow = new AtomicReference<>();
  private final AtomicReference<ServedModel> canary = new AtomicReference<>();
  /** The canary's share of requests in percent; read with {@link #canary} on every request. */
  private volatile int canaryWeight;
  private final AtomicReference<LoadError> lastLoadError = new AtomicReference<>();
  private final AtomicReference<String> stageStatus = new AtomicReference<>("not checked yet");
  private final AtomicBoolean reconcilePending = new AtomicBoolean();
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "model-loader");
    t.setDaemon(true);
    return t;
  });
  private final Counter swaps;
  private final Counter loadFailures;
  /** Versions whose artifact proved bad (checksum, format): immutable, so not retried on every reconcile. */
  private volatile String knownBad;

  public ModelManager(ServingConfig config, RegistryClient registry, MeterRegistry meters) {
    this.config = config;
    this.registry = registry;
    this.meters = meters;
    this.stage = config.environment().stage();
    this.cache = new ArtifactCache(config.cacheDir(), config.model(), stage.name());
    this.swaps = Counter.builder("cd4ml.model.swaps").description("Model versions swapped in")
        .tag("model", config.model()).register(meters);
    this.loadFailures = Counter.builder("cd4ml.model.load.failures")
        .description("Model loads that failed (bad checksum, corrupt artifact, registry unreachable); the current model stays")
        .tag("model", config.model()).register(meters);
  }

  public Stage stage() { return stage; }
  public ServingConfig config() { return config; }

  /** The model serving requests now, or null before the first load. */
  public ServedModel current() { return current.get(); }
  public ServedModel shadow() { return shadow.get(); }
  /** The production instance's canary, or null. */
  public ServedModel canary() { return canary.get(); }
  public int canaryWeight() { return canaryWeight; }
  public LoadError lastLoadError() { return lastLoadError.get(); }
  public String stageStatus() { return stageStatus.get(); }

  /** At start: the stage's version from the registry, else the cached last good one. Readiness waits for this. */
  void onStart(@Observes StartupEvent ev) {
    Future<?> f = loader.submit(this::initialLoad);
    try {
      f.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warnf("initial model load did not finish: %s (readiness stays DOWN until a model loads)", e.toString());
    }
  }

  private void initialLoad() {
    boolean registryAnswered = reconcileNow();
    if (current.get() == null && !registryAnswered) {
      loadFromCache();
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    loader.shutdownNow();
  }

  @Scheduled(every = "${cd4ml.serving.reconcile-interval:30s}", delayed = "${cd4ml.serving.reconcile-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledReconcile() {
    requestReconcile("periodic reconcile");
  }

  /**
   * Asks for a comparison with the registry on the loader thread. Requests arriving while one is
   * pending collapse into it, so a burst of events costs one registry round trip.
   */
  public void requestReconcile(String reason) {
    if (reconcilePending.compareAndSet(false, true)) {
      LOG.debugf("reconcile requested: %s", reason);
      loader.execute(() -> {
        reconcilePending.set(false);
        reconcileNow();
      });
    }
  }

  /** @return whether the registry answered */
  boolean reconcileNow() {
    boolean answered;
    try {
      Optional<ModelVersionInfo> target = registry.stageVersion(config.model(), stage);
      answered = true;
      if (target.isEmpty()) {
        ServedModel cur = current.get();
        if (cur != null && !config.keepLastModel()) {
          // The kill switch: the version was taken out of the stage on purpose.
          current.set(null);
          stageStatus.set("stage " + stage + " of " + config.model() + " holds no version: stopped serving v"
              + cur.model().version() + " (cd4ml.serving.keep-last-model=false)");
          LOG.warnf("stage %s of %s holds no version; stopped serving v%d", stage, config.model(), cur.model().version());
        } else {
          stageStatus.set("stage " + stage + " of " + config.model() + " holds no version"
              + (cur == null ? "" : "; still serving v" + cur.model().version()));
          if (cur != null) {
            LOG.warnf("stage %s of %s holds no version; keeping v%d", stage, config.model(), cur.model().version());
          }
        }
      } else {
        stageStatus.set("in sync with the registry at " + Instant.now());
        ensure("primary", target.get(), current, true);
      }
    } catch (RuntimeException e) {
      answered = false;
      stageStatus.set("registry unreachable at " + Instant.now() + ": " + e.getMessage());
      LOG.warnf("registry unreachable: %s", e.getMessage());
    }
    try {
      reconcileShadow();
    } catch (RuntimeException e) {
      LOG.warnf("shadow reconcile failed: %s", e.getMessage());
    }
    try {
      reconcileCanary();
    } catch (RuntimeException e) {
      LOG.warnf("canary reconcile failed: %s", e.getMessage());
    }
    return answered;
  }

  /**
   * The production instance serves the registry's canary beside its production version. A canary
   * that does not load serves nothing (all traffic stays on production), so an aborted or broken
   * canary never keeps answering.
   */
  private void reconcileCanary() {
    if (stage != Stage.production || !config.canaryEnabled()) {
      return;
    }
    Optional<ModelVersionInfo> target = registry.stageVersion(config.model(), Stage.canary);
    if (target.isEmpty()) {
      canaryWeight = 0;
      ServedModel gone = canary.getAndSet(null);
      if (gone != null) {
        LOG.infof("canary v%d left the canary stage; all traffic on production", gone.model().version());
      }
      return;
    }
    ModelVersionInfo info = target.get();
    ensure("canary", info, canary, false);
    ServedModel loaded = canary.get();
    if (loaded == null || loaded.model().version() != info.version()) {
      canaryWeight = 0;
      canary.set(null);
      return;
    }
    int weight = info.trafficWeight() == null ? 0 : Math.max(0, Math.min(100, info.trafficWeight()));
    if (weight != canaryWeight) {
      LOG.infof("canary v%d answers %d %% of requests", info.version(), weight);
    }
    canaryWeight = weight;
  }

  private void reconcileShadow() {
    ServingConfig.Shadow s = config.shadow();
    if (!s.enabled()) {
      return;
    }
    Optional<ModelVersionInfo> target;
    if (s.version().isPresent()) {
      target = registry.version(config.model(), s.version().getAsInt());
    } else if (s.stage().isPresent()) {
      target = registry.stageVersion(config.model(), s.stage().get());
    } else {
      return;
    }
    if (target.isEmpty()) {
      if (shadow.getAndSet(null) != null) {
        LOG.infof("shadow version gone from the registry; shadow off");
      }
      return;
    }
    ensure("shadow", target.get(), shadow, false);
  }

  /** Loads {@code target} into {@code ref} unless it is already served there (idempotent). */
  private void ensure(String role, ModelVersionInfo target, AtomicReference<ServedModel> ref, boolean keep) {
    ServedModel cur = ref.get();
    if (cur != null && cur.model().version() == target.version()
        && equalsIgnoreCase(cur.model().info().artifactSha256(), target.artifactSha256())) {
      return;
    }
    String id = role + ":" + target.version() + ":" + target.artifactSha256();
    if (id.equals(knownBad)) {
      return;
    }
    Path tmp = null;
    try {
      tmp = cache.newTempFile();
      String sha = registry.downloadArtifact(target.model(), target.version(), tmp);
      if (target.artifactSha256() == null || !target.artifactSha256().equalsIgnoreCase(sha)) {
        knownBad = id;
        throw new IOException("checksum mismatch: registry says " + target.artifactSha256() + ", downloaded bytes are "
            + sha);
      }
      LoadedModel loaded;
      try {
        loaded = load(tmp, target);
      } catch (RuntimeException | IOException e) {
        knownBad = id;
        throw e;
      }
      if (keep) {
        cache.store(tmp, target);
      }
      swap(role, ref, loaded);
    } catch (Exception e) {
      fail(role, target.version(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stale temp file in the cache dir is harmless
        }
      }
    }
  }

  private void loadFromCache() {
    try {
      Optional<ArtifactCache.Cached> cached = cache.load();
      if (cached.isEmpty()) {
        LOG.warnf("no cached model in %s; waiting for the registry", cache.dir());
        return;
      }
      LoadedModel loaded = load(cached.get().artifact(), cached.get().info());
      swap("primary", current, loaded);
      LOG.infof("serving cached %s v%d while the registry is unreachable", loaded.name(), loaded.version());
    } catch (Exception e) {
      fail("primary (cache)", null, e);
    }
  }

  /** Deserializes and checks the model predicts before it is allowed to serve. */
  static LoadedModel load(Path artifact, ModelVersionInfo info) throws IOException {
    Model<?> raw;
    try {
      raw = Model.deserializeFromFile(artifact);
    } catch (RuntimeException e) {
      throw new IOException("not a loadable Tribuo model: " + e.getMessage(), e);
    }
    Model<Label> model;
    try {
      model = raw.castModel(Label.class);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a classification model: " + e.getMessage(), e);
    }
    LoadedModel loaded = new LoadedModel(info, model, Instant.now());
    // One prediction on a sample row: proves the model answers before it takes traffic.
    loaded.predict(loaded.schema().sampleRow()); // the path requests take
    return loaded;
  }

  private void swap(String role, AtomicReference<ServedModel> ref, LoadedModel loaded) {
    ServedModel next = new ServedModel(loaded,
        new VersionMeters(meters, loaded.name(), loaded.version(), role, loaded.labels()));
    ServedModel previous = ref.getAndSet(next);
    if ("primary".equals(role)) {
      swaps.increment();
      LoadError err = lastLoadError.get();
      if (err != null && err.version() != null && err.version() == loaded.version()) {
        lastLoadError.set(null);
      }
    }
    LOG.infof("%s model now %s v%d (%s, was %s)", role, loaded.name(), loaded.version(), loaded.kind(),
        previous == null ? "none" : "v" + previous.model().version());
  }

  private void fail(String role, Integer version, Exception e) {
    loadFailures.increment();
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    lastLoadError.set(new LoadError(role, version, msg, Instant.now()));
    ServedModel cur = current.get();
    LOG.errorf("loading %s %s v%s failed, %s: %s", role, config.model(), version,
        cur == null ? "no model served yet" : "keeping v" + cur.model().version(), msg);
  }

  private static boolean equalsIgnoreCase(String a, String b) {
    return a == null ? b == null : a.equalsIgnoreCase(b);
  }
}
