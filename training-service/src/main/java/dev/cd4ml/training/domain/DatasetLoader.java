package dev.cd4ml.training.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Reads a dataset version's CSV as it streams in: hashes every byte, encodes every row, and at the
 * end checks that the SHA-256 of what arrived is the version id — content-addressing is what makes
 * a run reproducible, so a mismatch fails the run.
 */
public final class DatasetLoader {
  /** How many rows between progress reports and cancellation checks. */
  static final int CHECK_EVERY = 2_000;

  private DatasetLoader() {}

  /**
   * @param expectedSha256 the version id; null skips the check (benchmarks)
   * @param rowsLoaded     called with the running row count every {@value #CHECK_EVERY} rows and at the end
   * @param cancelled      polled every {@value #CHECK_EVERY} rows; true stops with {@link RunCancelled}
   */
  public static LoadedData load(InputStream content, DatasetSchema schema, String expectedSha256,
      LongConsumer rowsLoaded, BooleanSupplier cancelled) throws IOException {
    MessageDigest sha = sha256();
    DigestInputStream digesting = new DigestInputStream(content, sha);
    Reader reader = new InputStreamReader(digesting, StandardCharsets.UTF_8);
    CsvReader csv = new CsvReader(reader);
    List<ArrayExample<Label>> examples = new ArrayList<>();
    List<String[]> protectedValues = new ArrayList<>();
    FeatureMapping mapping;
    try {
      String[] header = csv.next();
      if (header == null) {
        throw new RunFailure("the dataset version is empty (no header row)");
      }
      mapping = FeatureMapping.bind(schema, header);
      String[] row;
      while ((row = csv.next()) != null) {
        examples.add(mapping.encode(row, csv.recordLine()));
        protectedValues.add(mapping.protectedValues(row));
        if (examples.size() % CHECK_EVERY == 0) {
          rowsLoaded.accept(examples.size());
          if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new RunCancelled();
          }
        }
      }
    } catch (RunFailure | IOException e) {
      // Bytes that are not the version explain a parse error better than the parse error does.
      drain(digesting);
      String actual = HexFormat.of().formatHex(sha.digest());
      if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
        throw new RunFailure("content hash mismatch: expected " + expectedSha256 + " got " + actual, e);
      }
      throw e;
    }
    // The hash must cover the whole body, including anything after the last record.
    drain(digesting);
    rowsLoaded.accept(examples.size());
    String actual = HexFormat.of().formatHex(sha.digest());
    if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
      throw new RunFailure("content hash mismatch: expected " + expectedSha256 + " got " + actual);
    }
    if (examples.isEmpty()) {
      throw new RunFailure("the dataset version has no data rows");
    }
    return new LoadedData(mapping, examples, protectedValues, actual);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] rest = new byte[8192];
    while (in.read(rest) >= 0) {
      // hashing only
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
