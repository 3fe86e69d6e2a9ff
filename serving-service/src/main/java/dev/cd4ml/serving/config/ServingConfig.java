package dev.cd4ml.serving.config;

import dev.cd4ml.contracts.model.Stage;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** What this serving instance serves and how; env vars: CD4ML_SERVING_*. */
@ConfigMapping(prefix = "cd4ml.serving")
public interface ServingConfig {

  /** Registry model name served by this instance. */
  @WithDefault("credit-default")
  String model();

  /** {@code test} serves the staging stage, {@code production} the production stage. */
  @WithDefault("test")
  Environment environment();

  /** Where the last good artifact and its version info are kept, so a restart works without the registry. */
  @WithName("cache-dir")
  Path cacheDir();

  Shadow shadow();

  /** What to do with a categorical value the model never saw: reject (400) or accept as unknown (no one-hot bit set). */
  @WithName("unseen-category")
  @WithDefault("reject")
  UnseenCategoryPolicy unseenCategory();

  /** How often the served version is compared with the registry, in case an event was missed. */
  @WithName("reconcile-interval")
  @WithDefault("30s")
  Duration reconcileInterval();

  /** Largest accepted body for single predictions and feedback (413 above). */
  @WithName("max-body-size")
  @WithDefault("64K")
  MemorySize maxBodySize();

  /** Largest accepted body for {@code POST /predictions/batch} (413 above). */
  @WithName("max-batch-body-size")
  @WithDefault("64M")
  MemorySize maxBatchBodySize();

  /** Samples LIME draws per explanation: small, so an explained prediction stays in the millisecond range. */
  @WithName("lime-samples")
  @WithDefault("200")
  int limeSamples();

  /**
   * Share of predictions whose explanation is logged (tag cd4ml.explanation), 0 to 1; 0 turns sampling off.
   * {@code ?explain=true} predictions are always logged. Explained off the request's path.
   */
  @WithName("explain-sample-rate")
  @WithDefault("0.01")
  double explainSampleRate();

  /** Sampled predictions waiting to be explained; beyond it a sample is dropped (and counted), never slowing a request. */
  @WithName("explain-queue-size")
  @WithDefault("64")
  int explainQueueSize();

  /**
   * A realm role (e.g. {@code feedback-writer}, or one made for it) that {@code POST /predictions} and
   * {@code /predictions/batch} require (401 without a valid token, 403 without the role); absent or empty:
   * predictions are open. Tokens are verified locally against the realm's cached keys, no call per request.
   */
  @WithName("predictions-role")
  Optional<String> predictionsRole();

  /** Enables the benchmark endpoints {@code POST /bench/noop}, {@code POST /bench/predictions-unlogged},
   * {@code PUT /bench/explain-sample-rate} and {@code PUT /bench/predictions-role}. */
  @WithName("bench-endpoint")
  @WithDefault("false")
  boolean benchEndpoint();

  /**
   * When the stage empties (its version archived without a replacement): false (the kill switch) stops
   * serving, answering 503 "no model in production"; true keeps serving the last version.
   */
  @WithName("keep-last-model")
  @WithDefault("false")
  boolean keepLastModel();

  /** In the production environment: serve the registry's canary version beside production, at its traffic weight. */
  @WithName("canary-enabled")
  @WithDefault("true")
  boolean canaryEnabled();

  interface Shadow {
    @WithDefault("false")
    boolean enabled();

    /** Stage whose version runs as the shadow (e.g. staging beside production). */
    Optional<Stage> stage();

    /** A fixed version to run as the shadow; wins over {@link #stage()}. */
    OptionalInt version();

    /** Shadow predictions waiting to run; beyond it they are dropped, never slowing a request. */
    @WithName("queue-size")
    @WithDefault("1024")
    int queueSize();
  }

  enum Environment {
    test(Stage.staging), production(Stage.production);

    private final Stage stage;

    Environment(Stage stage) {
      this.stage = stage;
    }

    public Stage stage() {
      return stage;
    }
  }

  enum UnseenCategoryPolicy { reject, unknown }
}
