package dev.cd4ml.cli.canary;

import java.util.Map;

/**
 * One version's figures over the analysis window, from monitoring-service or from serving's meters.
 * A figure the source does not have is null (serving's meters have no feedback and no refusals per
 * version).
 */
public record Figures(int version, long predictions, Double errorRate, Double latencyP99Ms, Map<String, Long> predicted,
    long labelled, Double accuracy) {
  public Figures {
    predicted = Map.copyOf(predicted);
  }
}
