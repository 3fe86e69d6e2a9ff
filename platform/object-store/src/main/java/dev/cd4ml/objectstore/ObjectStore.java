package dev.cd4ml.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import java.util.Optional;

/**
 * A bucket on an S3 server (MinIO, S3Proxy, AWS). {@link ObjectStoreProducer} makes the one
 * application-scoped instance from {@link StorageConfig}; only services that depend on this module
 * carry an S3 client.
 */
public class ObjectStore {
  /** Multipart part size for streams of unknown length: memory per upload stays at this size. */
  public static final long PART_SIZE = 16L * 1024 * 1024;

  private final MinioClient client;
  /** The same connections, each call bounded as a whole: health answers within its timeout. */
  private final MinioClient healthClient;
  private final String bucket;
  private final String endpoint;
  /** Set once the bucket is known to exist: a store that was away at start creates it on first use. */
  private volatile boolean bucketKnown;

  /**
   * How long a call may wait for the server. A hung server (connections open, no byte passing)
   * ends a request after at most about connect + read (or write) timeout instead of the client's
   * 5-minute defaults.
   */
  public record Timeouts(Duration connect, Duration read, Duration write, Duration health) {
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  public ObjectStore(String endpoint, String accessKey, String secretKey, String bucket) {
    this(endpoint, accessKey, secretKey, bucket, Timeouts.DEFAULTS);
  }

  public ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, Timeouts timeouts) {
    this.endpoint = endpoint;
    this.bucket = bucket;
    // As MinIO's own default client (HTTP/1.1), with bounded waits. OkHttp does not retry a call
    // that timed out after its request was sent, so the bound is what the caller waits.
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(timeouts.write().toMillis(), TimeUnit.MILLISECONDS)
        .protocols(java.util.List.of(Protocol.HTTP_1_1))
        .build();
    this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
        .region("us-east-1").httpClient(http).build();
    this.healthClient = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
        .region("us-east-1").httpClient(http.newBuilder()
            .callTimeout(timeouts.health().toMillis(), TimeUnit.MILLISECONDS).build()).build();
  }

  public String bucket() { return bucket; }
  public String endpoint() { return endpoint; }
  public MinioClient client() { return client; }

  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  public void ensureBucket() throws Exception {
    ensureBucket(client);
  }

  private void ensureBucket(MinioClient c) throws Exception {
    if (!c.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      c.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
    bucketKnown = true;
  }

  /** Streams {@code size} bytes (or -1 when unknown) to {@code key}. */
  public void put(String key, InputStream in, long size, String contentType, Map<String, String> metadata) throws Exception {
    if (!bucketKnown) {
      ensureBucket();
    }
    client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
        .stream(in, size, size >= 0 ? -1 : PART_SIZE)
        .contentType(contentType)
        .userMetadata(metadata == null ? Map.of() : metadata)
        .build());
  }

  public InputStream get(String key) throws Exception {
    return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
  }

  public Optional<StatObjectResponse> stat(String key) throws Exception {
    try {
      return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public void remove(String key) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
  }

  /**
   * Health of the store: creates the bucket when missing (so a late S3 server heals on its own),
   * reports down with the reason when the server does not answer within the health timeout.
   */
  public org.eclipse.microprofile.health.HealthCheckResponse readiness() {
    var response = org.eclipse.microprofile.health.HealthCheckResponse.named("s3").withData("endpoint", endpoint)
        .withData("bucket", bucket);
    try {
      ensureBucket(healthClient);
      return response.up().build();
    } catch (Exception e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
