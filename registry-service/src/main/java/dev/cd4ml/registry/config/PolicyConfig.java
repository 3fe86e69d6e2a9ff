package dev.cd4ml.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The production gate: defaults for every model ({@code cd4ml.policy.default.*}) and per-model
 * overrides ({@code cd4ml.policy.models."<model>".*}); an override key not set inherits the default.
 */
@ConfigMapping(prefix = "cd4ml.policy")
public interface PolicyConfig {
  @WithName("default")
  Defaults defaults();

  Map<String, Overrides> models();

  interface Defaults {
    @WithDefault("accuracy")
    String primaryMetric();

    OptionalDouble minValue();

    OptionalDouble maxRegression();

    OptionalDouble maxFairnessGap();

    @WithDefault("acceptance")
    String requiredCheck();
  }

  interface Overrides {
    Optional<String> primaryMetric();

    OptionalDouble minValue();

    OptionalDouble maxRegression();

    OptionalDouble maxFairnessGap();

    Optional<String> requiredCheck();
  }
}
