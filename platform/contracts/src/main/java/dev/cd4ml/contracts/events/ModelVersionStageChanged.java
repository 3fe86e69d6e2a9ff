package dev.cd4ml.contracts.events;

/**
 * A version moved between stages ({@code none}, {@code staging}, {@code canary}, {@code production},
 * {@code archived}), or the canary's traffic weight changed ({@code from = to = canary}). Serving
 * instances hot-swap on this event for their own stage.
 *
 * @param trafficWeight with {@code to = canary}: the canary's share of production traffic in percent; else null
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ModelVersionStageChanged(
    String model,
    int version,
    String from,
    String to,
    String artifactUri,
    String artifactSha256,
    String actor,
    Integer trafficWeight) {

  public ModelVersionStageChanged(String model, int version, String from, String to, String artifactUri,
      String artifactSha256, String actor) {
    this(model, version, from, to, artifactUri, artifactSha256, actor, null);
  }
}
