package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.registry.domain.StoredArtifact;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.objectstore.ObjectStore;
import io.minio.StatObjectResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Streams artifacts while checking them against the registered SHA-256.
 *
 * <p>Headers leave before the last byte is read, so a mismatch found at the end cannot become an
 * error status. Instead the last buffer is held back until the digest is known: on a mismatch the
 * stream is aborted without it, so the client sees a broken transfer (never a complete, wrong
 * file), and the failure is logged and counted. A size mismatch found before streaming, or a
 * mismatch in an artifact that fits in one block (nothing sent yet), is answered with 502
 * problem+json instead. Consumers still verify the SHA-256 they were promised in
 * {@code ETag} / {@code X-Artifact-Sha256}.
 */
@ApplicationScoped
public class ArtifactService {
  private static final Logger LOG = Logger.getLogger(ArtifactService.class);
  static final int BUFFER = 64 * 1024;

  private final ObjectStore store;
  private final RegistryMetrics metrics;

  public ArtifactService(ObjectStore store, RegistryMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  public StreamingOutput open(StoredArtifact v) {
    Optional<StatObjectResponse> stat;
    InputStream in;
    try {
      stat = store.stat(v.key());
      if (stat.isPresent() && stat.get().size() == v.size()) {
        in = store.get(v.key());
      } else {
        in = null;
      }
    } catch (Exception e) {
      throw ProblemException.unavailable("s3", "the artifact cannot be read now.");
    }
    if (in == null) {
      metrics.integrityFailure();
      String what = stat.isEmpty() ? "is missing from object storage"
          : "has " + stat.get().size() + " bytes in object storage, " + v.size() + " were registered";
      LOG.errorf("artifact of %s v%d (%s) %s", v.model(), v.version(), v.key(), what);
      throw integrityProblem("The artifact of version " + v.version() + " " + what + ".");
    }
    return out -> {
      try (in) {
        copyVerified(in, out, v.sha256(), v.size(), v.model() + " v" + v.version());
      }
    };
  }

  static ProblemException integrityProblem(String detail) {
    return new ProblemException(ProblemType.ARTIFACT_INTEGRITY, detail);
  }

  /** Copies everything but withholds the last buffer until the digest matched. */
  void copyVerified(InputStream in, OutputStream out, String expectedSha256, long expectedSize, String what) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] current = new byte[BUFFER];
    byte[] next = new byte[BUFFER];
    long total = 0;
    boolean written = false;
    int n = in.readNBytes(current, 0, BUFFER);
    digest.update(current, 0, n);
    total += n;
    while (n == BUFFER) {
      int m = in.readNBytes(next, 0, BUFFER);
      if (m == 0) {
        break;
      }
      digest.update(next, 0, m);
      total += m;
      out.write(current, 0, n);
      written = true;
      byte[] swap = current;
      current = next;
      next = swap;
      n = m;
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expectedSha256) || total != expectedSize) {
      metrics.integrityFailure();
      LOG.errorf("artifact of %s does not match its registered SHA-256 (expected %s, read %s, %d bytes): transfer aborted",
          what, expectedSha256, actual, total);
      if (!written) {
        // Nothing sent yet (the artifact fits in one block): the client can still get a proper answer.
        throw integrityProblem("The artifact of " + what + " does not match its registered SHA-256.");
      }
      throw new IOException("artifact of " + what + " failed its SHA-256 check; transfer aborted");
    }
    out.write(current, 0, n);
  }
}
