package dev.cd4ml.parts;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 endpoint: S3Proxy (Jetty) in this JVM, speaking the S3 REST protocol with AWS v2/v4
 * signatures. Objects live under {@code dataDir} (one folder per bucket) or, without one, in
 * memory. Clients must use path-style addressing (automatic for an IP endpoint) and any region,
 * e.g. us-east-1.
 */
public final class S3Part implements Part {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Foreign foreign;
    private final Path dataDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;

    /** With keys made up for this instance, so no test can depend on well-known ones. */
    public S3Part(Path dataDirOrNull, int port) {
        this(dataDirOrNull, port, "AK" + randomHex(9).toUpperCase(Locale.ROOT), randomHex(20));
    }

    public S3Part(Path dataDirOrNull, int port, String accessKey, String secretKey) {
        this.foreign = null;
        this.dataDir = dataDirOrNull == null ? null : dataDirOrNull.toAbsolutePath();
        this.port = Ports.orFree(port);
        this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    S3Part(Foreign foreign) {
        this.foreign = foreign;
        this.dataDir = null;
        this.port = -1;
        this.accessKey = (String) foreign.call("accessKey");
        this.secretKey = (String) foreign.call("secretKey");
    }

    @Override
    public String name() {
        return "s3";
    }

    public String endpoint() {
        return foreign != null ? (String) foreign.call("endpoint") : "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (proxy != null) {
            return;
        }
        BlobStore store;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            store = new FilesystemNio2BlobStore(dataDir.toString());
        } else {
            store = new TransientNio2BlobStore();
        }
        S3Proxy started = S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create(endpoint()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            // Jetty's default pool of 200 threads is far more than tests or a laptop need.
            .jettyMaxThreads(32)
            .build();
        started.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(started.getState())) {
            if (System.nanoTime() > deadline) {
                started.stop();
                throw new IllegalStateException("S3Proxy on " + endpoint() + " did not start: " + started.getState());
            }
            Thread.sleep(20);
        }
        proxy = started;
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping S3Proxy on " + endpoint(), e);
        } finally {
            proxy = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : proxy != null;
    }

    @Override
    public String toString() {
        return "S3Part[" + endpoint() + "]";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
