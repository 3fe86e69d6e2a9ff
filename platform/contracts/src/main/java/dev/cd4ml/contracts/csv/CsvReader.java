package dev.cd4ml.contracts.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's one CSV row reader (data-service's ingest scanner reads bytes with the same
 * grammar). RFC 4180: comma separator; records end with CRLF or LF (the last one may be
 * unterminated); double-quoted fields with {@code ""} for a quote and embedded commas and line
 * breaks; the first record is the header. A leading byte-order mark is dropped and blank lines are
 * skipped. Anything else is a {@link CsvFormatException} with its line and field: a quote inside an
 * unquoted field, a character after a closing quote, a carriage return without a line feed, a quote
 * never closed. After such an error the rest of that line is skipped and {@link #next()} goes on.
 *
 * <p>Streams: holds one record whatever the input size. Cells are returned verbatim; what a cell
 * means (missing, a number) is {@link dev.cd4ml.contracts.feature.FeatureValues}'.
 */
public final class CsvReader {
  private final Reader in;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private boolean eof;
  private boolean started;
  private long line = 1;
  private long recordLine;
  private final StringBuilder field = new StringBuilder(64);
  private final List<String> fields = new ArrayList<>(32);

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** 1-based physical line on which the record last returned (or refused) started. */
  public long recordLine() {
    return recordLine;
  }

  /**
   * @return the next record's fields, or null at the end of input
   * @throws CsvFormatException for a malformed record (the reader is then past it)
   */
  public String[] next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        pos++;
      }
    }
    while (true) {
      int c = peek();
      if (c < 0) {
        return null;
      }
      if (c == '\n') {
        pos++;
        line++;
      } else if (c == '\r') {
        pos++;
        int after = peek();
        if (after >= 0 && after != '\n') { // a CR just before the end of input ends the line, as in the ingest scanner
          recordLine = line;
          skipLine();
          throw new CsvFormatException(recordLine, 1, "carriage return not followed by a line feed");
        }
        if (after == '\n') {
          pos++;
        }
        line++;
      } else {
        return record();
      }
    }
  }

  private String[] record() throws IOException {
    recordLine = line;
    fields.clear();
    field.setLength(0);
    while (true) {
      int c = read();
      if (c == '"' && field.length() == 0) {
        quoted();
        c = read();
        if (c != ',' && c != '\n' && c != '\r' && c >= 0) {
          int at = fields.size() + 1;
          skipLine();
          throw new CsvFormatException(recordLine, at,
              "unexpected character '" + printable(c) + "' after a closing quote (expected , or end of line)");
        }
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c < 0 || c == '\n') {
        return end(c);
      } else if (c == '\r') {
        int after = peek();
        if (after >= 0 && after != '\n') {
          int at = fields.size() + 1;
          skipLine();
          throw new CsvFormatException(recordLine, at, "carriage return not followed by a line feed");
        }
        if (after == '\n') {
          pos++;
        }
        return end('\n');
      } else if (c == '"') {
        int at = fields.size() + 1;
        skipLine();
        throw new CsvFormatException(recordLine, at,
            "quote character inside an unquoted field (quote the whole field and double inner quotes)");
      } else {
        field.append((char) c);
      }
    }
  }

  private String[] end(int c) {
    fields.add(field.toString());
    if (c >= 0) {
      line++;
    }
    return fields.toArray(new String[0]);
  }

  /** The inside of a quoted field, up to and including its closing quote. */
  private void quoted() throws IOException {
    long opened = line;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new CsvFormatException(opened, fields.size() + 1, "quoted field opened at line " + opened + " is never closed");
      }
      if (c == '"') {
        if (peek() == '"') {
          pos++;
          field.append('"');
        } else {
          return;
        }
      } else {
        if (c == '\n') {
          line++;
        }
        field.append((char) c);
      }
    }
  }

  private void skipLine() throws IOException {
    int c;
    while ((c = read()) >= 0 && c != '\n') {
      // the rest of a broken line
    }
    if (c == '\n') {
      line++;
    }
  }

  private int peek() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos];
  }

  private int read() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos++];
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      len = pos = 0;
      return false;
    }
    len = n;
    pos = 0;
    return true;
  }

  private static String printable(int c) {
    return c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\u%04X", c);
  }
}
