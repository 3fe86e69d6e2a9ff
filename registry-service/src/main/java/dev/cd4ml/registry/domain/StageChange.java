package dev.cd4ml.registry.domain;

import java.time.Instant;

/**
 * One entry of a model's audit trail: a version moved from one stage to another, by whom and why.
 *
 * @param gate for an entry into production, how the promotion gate's regression rule compared; else null
 * @param trafficWeight for a change into or within canary, the weight it set (percent); else null
 */
public record StageChange(String model, int version, String from, String to, String actor, String reason,
    String pipelineLabel, Instant at, String gate, Integer trafficWeight) {}
