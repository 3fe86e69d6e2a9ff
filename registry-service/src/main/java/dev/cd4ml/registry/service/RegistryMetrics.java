package dev.cd4ml.registry.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters operators watch: registrations, stage changes, refusals, and corrupt artifacts.
 * Created at start so the integrity counter reads 0 from the first scrape, not "absent".
 */
@Startup
@ApplicationScoped
public class RegistryMetrics {
  private final MeterRegistry registry;
  private final Counter integrityFailures;

  public RegistryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.integrityFailures = Counter.builder("cd4ml.registry.artifact.integrity.failures")
        .description("Downloads whose bytes did not match the registered SHA-256").register(registry);
  }

  public void registration(String outcome) {
    registry.counter("cd4ml.registry.registrations", "outcome", outcome).increment();
  }

  public void stageChange(String to) {
    registry.counter("cd4ml.registry.stage.changes", "to", to).increment();
  }

  public void promotionRefused() {
    registry.counter("cd4ml.registry.promotions.refused").increment();
  }

  public void integrityFailure() {
    integrityFailures.increment();
  }

  public double integrityFailures() {
    return integrityFailures.count();
  }
}
