package dev.cd4ml.registry.domain;

/** A named check result reported on a version (e.g. the pipeline's acceptance tests). */
public record CheckReport(String name, boolean passed, String details, String pipelineLabel) {}
