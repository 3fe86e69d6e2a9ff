package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.dataset.DatasetSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs bytes through scanner + analyzer in chunks of a given size. */
final class Csv {
  private Csv() {}

  record Outcome(DatasetAnalyzer.Result result, IngestErrors errors) {}

  static Outcome analyze(String csv, UploadOptions options, DatasetSchema current) {
    return analyze(csv.getBytes(StandardCharsets.UTF_8), options, current, 7);
  }

  static Outcome analyze(byte[] bytes, UploadOptions options, DatasetSchema current, int chunk) {
    IngestErrors errors = new IngestErrors();
    DatasetAnalyzer analyzer = new DatasetAnalyzer(options, current, errors, IngestLimits.DEFAULT);
    CsvScanner scanner = new CsvScanner(analyzer, errors, IngestLimits.DEFAULT.maxRecordBytes(), 10_000);
    for (int i = 0; i < bytes.length; i += chunk) {
      scanner.feed(bytes, i, Math.min(chunk, bytes.length - i));
    }
    scanner.finish();
    return new Outcome(analyzer.finish(scanner.records()), errors);
  }

  static Outcome analyze(InputStream in, UploadOptions options, DatasetSchema current) {
    IngestErrors errors = new IngestErrors();
    DatasetAnalyzer analyzer = new DatasetAnalyzer(options, current, errors, IngestLimits.DEFAULT);
    CsvScanner scanner = new CsvScanner(analyzer, errors, IngestLimits.DEFAULT.maxRecordBytes(), 10_000);
    byte[] buf = new byte[65536];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        scanner.feed(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    scanner.finish();
    return new Outcome(analyzer.finish(scanner.records()), errors);
  }

  /** Every record as a list of strings. */
  static List<List<String>> records(String csv, IngestErrors errors, int chunk) {
    List<List<String>> out = new ArrayList<>();
    CsvScanner scanner = new CsvScanner(r -> {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        fields.add(r.text(i));
      }
      out.add(fields);
    }, errors, 1 << 20, 10_000);
    byte[] b = csv.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += chunk) {
      scanner.feed(b, i, Math.min(chunk, b.length - i));
    }
    scanner.finish();
    return out;
  }

  static UploadOptions label(String label) {
    return new UploadOptions(label, null, null, false);
  }
}
