package dev.cd4ml.data.service;

import dev.cd4ml.contracts.dataset.DatasetSchema;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.data.config.IngestConfig;
import dev.cd4ml.data.domain.CsvScanner;
import dev.cd4ml.data.domain.DatasetAnalyzer;
import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.data.domain.IngestErrors;
import dev.cd4ml.data.domain.IngestLimits;
import dev.cd4ml.data.domain.SchemaDiff;
import dev.cd4ml.data.repository.VersionEntity;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.objectstore.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jboss.logging.Logger;

/**
 * The upload pipeline. One pass over the (gzip-decoded) body hashes it, spools it to a temp
 * file, validates and profiles it; only a valid, new version is then put to S3 (with its known
 * length) and recorded with its event in one transaction. Whatever fails, the temp file goes,
 * and an S3 object without a committed row is removed: nothing half-written stays behind.
 */
@ApplicationScoped
public class IngestService {
  private static final Logger LOG = Logger.getLogger(IngestService.class);
  private static final int BUFFER = 256 * 1024;
  private static final Set<String> SOURCES = Set.of("upload", "feedback", "derived");

  private final IngestConfig config;
  private final ObjectStore store;
  private final DatasetQueries queries;
  private final VersionWriter writer;
  private final Counter ingestedBytes;
  private final MeterRegistry registry;

  public IngestService(IngestConfig config, ObjectStore store, DatasetQueries queries, VersionWriter writer,
      MeterRegistry registry) {
    this.config = config;
    this.store = store;
    this.queries = queries;
    this.writer = writer;
    this.registry = registry;
    this.ingestedBytes = Counter.builder("cd4ml.data.ingested.bytes").description("Bytes of accepted new versions")
        .baseUnit("bytes").register(registry);
  }

  public record Outcome(dev.cd4ml.contracts.dataset.DatasetVersionInfo info, boolean created) {}

  public long maxUploadSize() {
    return config.maxUploadSize().asLongValue();
  }

  public Outcome ingest(UploadRequest req, InputStream body) {
    try {
      Outcome o = doIngest(req, body);
      count(o.created() ? "created" : "existing");
      if (o.created()) {
        ingestedBytes.increment(o.info().byteSize());
      }
      return o;
    } catch (ProblemException e) {
      count("refused");
      throw e;
    }
  }

  private void count(String outcome) {
    registry.counter("cd4ml.data.uploads", "outcome", outcome).increment();
  }

  private Outcome doIngest(UploadRequest req, InputStream body) {
    String dataset = req.dataset();
    checkRequest(req);
    Optional<DatasetSchema> current = queries.currentSchema(dataset);
    if (current.isEmpty() && (req.options().label() == null || req.options().label().isBlank())) {
      throw ProblemException.badRequest("label", "the first version of dataset '" + dataset
          + "' needs the label column (query parameter 'label')");
    }
    List<String> parents = resolveParents(dataset, req.parentRefs());
    long limit = maxUploadSize();
    if (req.contentLength() != null && req.contentLength() > limit && !req.gzip()) {
      throw tooLarge(limit);
    }

    Path temp = null;
    try {
      temp = Files.createTempFile(tempDir(), "upload-", ".csv");
      IngestLimits limits = new IngestLimits(config.maxTrackedCategories(), config.topCategories(),
          config.histogramBins(), (int) Math.min(Integer.MAX_VALUE, config.maxRecordSize().asLongValue()), 10_000);
      IngestErrors errors = new IngestErrors();
      DatasetAnalyzer analyzer = new DatasetAnalyzer(req.options(), current.orElse(null), errors, limits);
      CsvScanner scanner = new CsvScanner(analyzer, errors, limits.maxRecordBytes(), limits.maxColumns());
      MessageDigest sha = sha256();
      long size = spool(req, body, temp, sha, scanner, errors, limit);
      scanner.finish();
      DatasetAnalyzer.Result result = analyzer.finish(scanner.records());
      DatasetSchema inferred = result == null ? null : result.schema();
      if (inferred != null && current.isPresent() && !req.options().allowSchemaChange()) {
        for (SchemaDiff.Change c : SchemaDiff.between(current.get(), inferred)) {
          errors.content(c.field(), c.message());
        }
      }
      if (errors.any()) {
        throw refused(errors, current.orElse(null));
      }
      String id = HexFormat.of().formatHex(sha.digest());
      Optional<dev.cd4ml.contracts.dataset.DatasetVersionInfo> existing = queries.findById(dataset, id);
      if (existing.isPresent()) {
        return new Outcome(existing.get(), false);
      }
      String key = dataset + "/" + id + ".csv";
      putObject(key, temp, size, id);
      NewVersion version = new NewVersion(dataset, id, result.rows(), size, inferred,
          current.map(DatasetSchema::revision).orElse(0), req.options().allowSchemaChange(), result.profile(),
          parents, req.source(), req.message(), req.createdBy(), key);
      try {
        VersionWriter.Written w = writer.write(version);
        return new Outcome(w.info(), w.created());
      } catch (RuntimeException e) {
        // With the database away, asking it whether the row committed would double the client's wait:
        // the object stays (unreferenced, rewritten with the same bytes by a retry).
        if (dev.cd4ml.support.problem.DependencyOutage.of(e).isEmpty()) {
          removeUnlessCommitted(dataset, id, key);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new ProblemException(ProblemType.INTERNAL, "could not spool the upload: " + e.getMessage());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warnf("could not delete %s: %s", temp, e.getMessage());
        }
      }
    }
  }

  /** Reads the whole body once: decode, count, hash, spool (while valid) and tokenize. */
  private long spool(UploadRequest req, InputStream body, Path temp, MessageDigest sha, CsvScanner scanner,
      IngestErrors errors, long limit) throws IOException {
    CountingInputStream raw = new CountingInputStream(body);
    long size = 0;
    try (OutputStream out = Files.newOutputStream(temp)) {
      InputStream in = req.gzip() ? new GZIPInputStream(raw, 64 * 1024) : raw;
      byte[] buf = new byte[BUFFER];
      int n;
      boolean spooling = true;
      while ((n = in.read(buf, 0, buf.length)) >= 0) {
        if (n == 0) {
          continue;
        }
        size += n;
        if (size > limit) {
          throw tooLarge(limit);
        }
        sha.update(buf, 0, n);
        if (spooling && errors.any()) {
          spooling = false; // a refused upload is not stored: stop writing, keep checking
        }
        if (spooling) {
          out.write(buf, 0, n);
        }
        scanner.feed(buf, 0, n);
      }
    } catch (ZipException e) {
      throw ProblemException.badRequest("Content-Encoding", "the body is not valid gzip: " + e.getMessage());
    } catch (java.io.EOFException e) {
      if (req.gzip()) {
        throw ProblemException.badRequest("Content-Encoding", "the gzip body ends early (truncated upload)");
      }
      throw interrupted(raw.count(), req.contentLength());
    } catch (ProblemException e) {
      throw e;
    } catch (IOException e) {
      if (e.getCause() instanceof ProblemException pe) {
        throw pe;
      }
      throw interrupted(raw.count(), req.contentLength());
    }
    if (req.contentLength() != null && raw.count() < req.contentLength()) {
      throw interrupted(raw.count(), req.contentLength());
    }
    return size;
  }

  private void putObject(String key, Path file, long size, String id) {
    try (InputStream in = Files.newInputStream(file)) {
      store.put(key, in, size, "text/csv", Map.of("sha256", id));
    } catch (Exception e) {
      LOG.warnf("S3 put of %s failed: %s", key, e.getMessage());
      // No removal here: a failed PUT stores no object, and one that the store completed after we
      // gave up (a hang) is content nobody references, under the key its retry rewrites with the same
      // bytes. A remove would cost the client a second timeout, and could overtake that retry.
      throw ProblemException.unavailable("s3", "the content was not stored: " + e.getMessage()
          + "; nothing was stored");
    }
  }

  /** A failed commit must not leave content behind, unless an identical upload committed it meanwhile. */
  private void removeUnlessCommitted(String dataset, String id, String key) {
    try {
      if (queries.exists(dataset, id)) {
        return;
      }
    } catch (RuntimeException e) {
      // The database is unreachable: an orphan object is better than a row without content.
      LOG.warnf("could not check %s after a failed commit; leaving the object: %s", key, e.getMessage());
      return;
    }
    removeQuietly(key);
  }

  private void removeQuietly(String key) {
    try {
      store.remove(key);
    } catch (Exception e) {
      LOG.warnf("could not remove %s: %s", key, e.getMessage());
    }
  }

  private void checkRequest(UploadRequest req) {
    List<ProblemError> errors = new ArrayList<>();
    ResourceNames.problem("dataset", req.dataset()).ifPresent(p -> errors.add(ProblemError.field("name", p)));
    if (!SOURCES.contains(req.source())) {
      errors.add(ProblemError.field("source", "source must be upload, feedback or derived"));
    }
    if (req.message() != null && req.message().length() > 2000) {
      errors.add(ProblemError.field("message", "message is longer than 2000 characters"));
    }
    if (req.options().protectedColumns() != null
        && new LinkedHashSet<>(req.options().protectedColumns()).size() != req.options().protectedColumns().size()) {
      errors.add(ProblemError.field("protected", "a protected column is listed twice"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("invalid upload parameters", errors);
    }
  }

  private List<String> resolveParents(String dataset, List<String> refs) {
    List<String> ids = new ArrayList<>();
    List<ProblemError> errors = new ArrayList<>();
    for (String ref : refs) {
      try {
        // "other@ref" names a version of another dataset (a check set derived from the training data), recorded
        // as "other@<id>"; a plain ref is a version of this dataset, recorded as its id.
        int at = ref.indexOf('@');
        String from = at < 0 ? dataset : ref.substring(0, at);
        if (at >= 0 && ResourceNames.problem("dataset", from).isPresent()) {
          throw ProblemException.badRequest("parent", ResourceNames.problem("dataset", from).get());
        }
        VersionEntity v = queries.resolve(from, at < 0 ? ref : ref.substring(at + 1));
        String id = at < 0 || from.equals(dataset) ? v.versionId : from + "@" + v.versionId;
        if (!ids.contains(id)) {
          ids.add(id);
        }
      } catch (ProblemException e) {
        errors.add(ProblemError.field("parent", "parent '" + ref + "': " + e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.unprocessable("unknown parent version", errors);
    }
    return ids;
  }

  private ProblemException refused(IngestErrors errors, DatasetSchema current) {
    List<ProblemError> listed = errors.listed(Problem.MAX_ERRORS);
    long count = errors.count();
    if (errors.status() == 400) {
      return new ProblemException(ProblemType.MALFORMED_CSV,
          "the upload is not a valid CSV file: " + count + " error(s); nothing was stored", listed,
          (int) Math.min(Integer.MAX_VALUE, count), null);
    }
    String detail = current == null
        ? "the upload does not fit: " + count + " error(s); nothing was stored"
        : "the upload does not fit schema revision " + current.revision() + " of the dataset: " + count
            + " error(s); nothing was stored (a deliberate schema change needs allowSchemaChange=true)";
    return new ProblemException(ProblemType.SCHEMA_MISMATCH, detail, listed,
        (int) Math.min(Integer.MAX_VALUE, count), null);
  }

  private static ProblemException tooLarge(long limit) {
    return new ProblemException(ProblemType.TOO_LARGE,
        "the upload is larger than the limit of " + limit + " bytes (after gzip decoding); nothing was stored",
        List.of(ProblemError.field("body", "larger than " + limit + " bytes")), 1, Map.of("Connection", "close"));
  }

  private static ProblemException interrupted(long received, Long declared) {
    return new ProblemException(ProblemType.UPLOAD_INTERRUPTED,
        "the body ended after " + received + " bytes" + (declared == null ? "" : " of " + declared)
            + "; nothing was stored", null, 0, Map.of("Connection", "close"));
  }

  private Path tempDir() throws IOException {
    Path dir = Path.of(config.tempDir().orElse(System.getProperty("java.io.tmpdir")));
    Files.createDirectories(dir);
    return dir;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
