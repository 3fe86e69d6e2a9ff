package dev.cd4ml.contracts.events;

/**
 * A version moved between stages ({@code none}, {@code staging}, {@code production}, {@code archived}).
 * Serving instances hot-swap on this event for their own stage.
 */
public record ModelVersionStageChanged(
    String model,
    int version,
    String from,
    String to,
    String artifactUri,
    String artifactSha256,
    String actor) {}
