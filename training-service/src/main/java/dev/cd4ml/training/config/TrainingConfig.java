package dev.cd4ml.training.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Training-service settings (prefix {@code cd4ml.training}, env {@code CD4ML_TRAINING_*}). */
@ConfigMapping(prefix = "cd4ml.training")
public interface TrainingConfig {
  /** Runs executing at once; each holds its dataset in memory, so size this to the heap. */
  @WithDefault("2")
  int workers();

  /** Runs waiting for a worker; beyond workers + queue-capacity a submission gets 429. */
  @WithDefault("8")
  int queueCapacity();

  /** The Retry-After sent with 429. */
  @WithDefault("PT30S")
  Duration retryAfter();

  /** How often pending registrations are retried (scheduler syntax, e.g. 30s). */
  @WithDefault("30s")
  String registrationRetryEvery();

  /** The code revision when neither the request nor the build carries one; GoCD sets GO_REVISION. */
  Optional<String> goRevision();
}
