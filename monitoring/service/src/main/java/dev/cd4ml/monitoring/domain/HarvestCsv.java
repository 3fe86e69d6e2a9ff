package dev.cd4ml.monitoring.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a harvest's CSV as a stream, never whole in memory: {@code window} = the layout's header
 * and the labelled rows; {@code append} = the parent version's bytes as they are (a line break
 * added if its last line has none), then the labelled rows in the parent's own column order. Rows
 * come in the order the search returns them (timestamp, then requestId), so the same window gives
 * the same bytes, hence the same content-addressed version.
 */
public final class HarvestCsv {
  static final int MAX_HEADER = 1 << 20;

  private HarvestCsv() {}

  /**
   * The labelled rows, one line each; adjacent documents with the same {@code requestId} (a log
   * record indexed twice) are written once.
   *
   * @return the rows written
   */
  public static long rows(HarvestLayout layout, Iterator<JsonNode> sources, Writer out) throws IOException {
    long n = 0;
    String previous = null;
    while (sources.hasNext()) {
      JsonNode s = sources.next();
      String id = s.path(PredictionLogFields.REQUEST_ID).asText(null);
      if (id != null && id.equals(previous)) {
        continue;
      }
      previous = id;
      out.write(layout.row(s));
      n++;
    }
    out.flush();
    return n;
  }

  /**
   * Copies the parent CSV to {@code out} unchanged, ending with a line break.
   *
   * @return the parent's header columns, in its order
   */
  public static List<String> copyParent(InputStream parent, OutputStream out) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    boolean inHeader = true;
    int last = -1;
    int n;
    while ((n = parent.read(buf)) >= 0) {
      if (n == 0) {
        continue;
      }
      if (inHeader) {
        int end = indexOf(buf, n, (byte) '\n');
        header.write(buf, 0, end < 0 ? n : end);
        if (end >= 0) {
          inHeader = false;
        } else if (header.size() > MAX_HEADER) {
          throw new IOException("the parent's header line is longer than " + MAX_HEADER + " bytes");
        }
      }
      out.write(buf, 0, n);
      last = buf[n - 1];
    }
    if (header.size() == 0) {
      throw new IOException("the parent version is empty");
    }
    if (last != '\n') {
      out.write('\n');
    }
    return parseHeader(header.toByteArray());
  }

  static List<String> parseHeader(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try {
      String[] cells = new CsvReader(new StringReader(text)).next();
      if (cells == null) {
        throw new IllegalArgumentException("the parent version has no header");
      }
      return Arrays.stream(cells).map(String::strip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] b, int n, byte x) {
    for (int i = 0; i < n; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
