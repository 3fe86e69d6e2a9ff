package dev.cd4ml.data.domain;

/** Where a version's bytes are: its SHA-256 id (the ETag), number, size and object key. */
public record StoredVersion(String dataset, String id, int number, long byteSize, String objectKey) {}
