package dev.cd4ml.registry.service;

import dev.cd4ml.registry.config.PolicyConfig;
import dev.cd4ml.registry.domain.PolicySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalDouble;

/** The production gate of a model: its overrides on top of the defaults. */
@ApplicationScoped
public class PolicyResolver {
  private final PolicyConfig config;

  public PolicyResolver(PolicyConfig config) {
    this.config = config;
  }

  public PolicySettings forModel(String model) {
    PolicyConfig.Defaults d = config.defaults();
    PolicyConfig.Overrides o = config.models().get(model);
    if (o == null) {
      return new PolicySettings(d.primaryMetric(), boxed(d.minValue()), boxed(d.maxRegression()),
          boxed(d.maxFairnessGap()), d.requiredCheck());
    }
    return new PolicySettings(
        o.primaryMetric().orElse(d.primaryMetric()),
        boxed(o.minValue().isPresent() ? o.minValue() : d.minValue()),
        boxed(o.maxRegression().isPresent() ? o.maxRegression() : d.maxRegression()),
        boxed(o.maxFairnessGap().isPresent() ? o.maxFairnessGap() : d.maxFairnessGap()),
        o.requiredCheck().orElse(d.requiredCheck()));
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
