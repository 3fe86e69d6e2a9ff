package dev.cd4ml.contracts.events;

import java.util.List;

/** A new immutable dataset version exists: "the data changed". */
public record DatasetVersionCreated(
    String dataset,
    String versionId,
    int number,
    long rows,
    int schemaRevision,
    List<String> parents,
    String source) {}
