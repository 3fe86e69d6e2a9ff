package dev.cd4ml.objectstore;

import io.smallrye.config.ConfigMapping;

/** Where this service keeps its objects: an S3 server (MinIO, S3Proxy or AWS) and one bucket. */
@ConfigMapping(prefix = "cd4ml.s3")
public interface StorageConfig {
  String endpoint();

  String accessKey();

  String secretKey();

  String bucket();
}
