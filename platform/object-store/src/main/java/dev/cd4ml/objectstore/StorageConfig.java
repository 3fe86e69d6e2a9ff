package dev.cd4ml.objectstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where this service keeps its objects: an S3 server (MinIO, S3Proxy or AWS) and one bucket. */
@ConfigMapping(prefix = "cd4ml.s3")
public interface StorageConfig {
  String endpoint();

  String accessKey();

  String secretKey();

  String bucket();

  /** TCP connect to the S3 server (the client's own default is 5 minutes). */
  @WithDefault("PT2S")
  Duration connectTimeout();

  /**
   * Longest wait for the next bytes of an answer (per read, not per object): a hung server ends a
   * request after this, a large download that keeps flowing is not cut.
   */
  @WithDefault("PT5S")
  Duration readTimeout();

  /** Longest wait for the server to take the next bytes of an upload. */
  @WithDefault("PT5S")
  Duration writeTimeout();

  /** Whole-call bound of the health check's S3 call, so {@code /q/health} answers within it. */
  @WithDefault("PT2S")
  Duration healthTimeout();
}
