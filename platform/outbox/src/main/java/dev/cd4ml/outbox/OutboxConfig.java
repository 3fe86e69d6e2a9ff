package dev.cd4ml.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "cd4ml.outbox")
public interface OutboxConfig {
  /** Turn the relay off to let events accumulate (e.g. a read-only replica). */
  @WithDefault("true")
  boolean relayEnabled();

  /** How often the relay looks for unsent events when nothing woke it. */
  @WithDefault("PT0.5S")
  Duration pollInterval();

  /** Longest wait between attempts while Kafka is unreachable. */
  @WithDefault("PT5S")
  Duration maxBackoff();

  @WithDefault("200")
  int batchSize();

  /** How long one send may wait for the broker's acknowledgement. */
  @WithDefault("PT10S")
  Duration sendTimeout();
}
