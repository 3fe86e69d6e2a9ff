package dev.cd4ml.serving.domain;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The last good artifact of a stage on local disk, with its version info, so a restart serves a
 * model while the registry is down. Files are replaced by atomic moves; on read the artifact's
 * SHA-256 must match the info written beside it, so a torn pair is never loaded.
 */
public final class ArtifactCache {
  private static final String ARTIFACT = "artifact.tribuo";
  private static final String INFO = "version.json";

  private final Path dir;

  public ArtifactCache(Path root, String model, String stage) {
    this.dir = root.resolve(model + "-" + stage);
  }

  public Path dir() { return dir; }

  /** A temp file in the cache dir (same file system, so the later move is atomic). */
  public Path newTempFile() throws IOException {
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "download-", ".tmp");
  }

  /** Keeps a verified artifact as the last good one. */
  public void store(Path verifiedArtifact, ModelVersionInfo info) throws IOException {
    Files.createDirectories(dir);
    Path artifactTmp = Files.createTempFile(dir, "artifact-", ".tmp");
    Files.copy(verifiedArtifact, artifactTmp, StandardCopyOption.REPLACE_EXISTING);
    Path infoTmp = Files.createTempFile(dir, "info-", ".tmp");
    Files.writeString(infoTmp, EventJson.write(info));
    move(artifactTmp, dir.resolve(ARTIFACT));
    move(infoTmp, dir.resolve(INFO));
  }

  /** The cached artifact and its info, if both are there and agree. */
  public Optional<Cached> load() throws IOException {
    Path artifact = dir.resolve(ARTIFACT);
    Path info = dir.resolve(INFO);
    if (!Files.exists(artifact) || !Files.exists(info)) {
      return Optional.empty();
    }
    ModelVersionInfo v = EventJson.read(Files.readString(info), ModelVersionInfo.class);
    String sha;
    try (InputStream in = Files.newInputStream(artifact)) {
      sha = sha256(in, OutputStream.nullOutputStream());
    }
    if (v.artifactSha256() == null || !v.artifactSha256().equalsIgnoreCase(sha)) {
      throw new IOException("cached artifact in " + dir + " does not match its version info (sha256 " + sha + ")");
    }
    return Optional.of(new Cached(artifact, v));
  }

  public record Cached(Path artifact, ModelVersionInfo info) {}

  /** Copies {@code in} to {@code out} and returns the hex SHA-256 of what passed. */
  public static String sha256(InputStream in, OutputStream out) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DigestInputStream din = new DigestInputStream(in, md)) {
      din.transferTo(out);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
