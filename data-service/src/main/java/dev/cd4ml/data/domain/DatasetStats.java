package dev.cd4ml.data.domain;

import java.time.Instant;

/** What the catalogue knows of a dataset: its version count, newest version and schema revision. */
public record DatasetStats(String name, long versions, int latestNumber, String latestId, int schemaRevision,
    Instant createdAt, Instant updatedAt) {}
