package dev.cd4ml.training.domain;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: one record at a time, quoted fields with embedded commas,
 * quotes and line breaks, CRLF or LF. Memory stays at one record whatever the file size.
 */
public final class CsvRecords {
  private final Reader in;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private final StringBuilder field = new StringBuilder(64);
  private final List<String> fields = new ArrayList<>(32);

  public CsvRecords(Reader in) {
    this.in = in;
  }

  /** 1-based line number where the record last returned started. */
  public long recordLine() {
    return recordLine;
  }

  /** @return the next record, or null at the end of input; an empty line is skipped */
  public String[] next() throws IOException {
    while (true) {
      int c = read();
      if (c < 0) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        if (c == '\n') {
          line++;
        }
        continue;
      }
      pos--;
      return record();
    }
  }

  private String[] record() throws IOException {
    recordLine = line;
    fields.clear();
    field.setLength(0);
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (quoted) {
        if (c < 0) {
          throw new IOException("line " + recordLine + ": unterminated quoted field");
        }
        if (c == '"') {
          int n = read();
          if (n == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (n >= 0) {
              pos--;
            }
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
        continue;
      }
      if (c < 0 || c == '\n' || c == '\r') {
        fields.add(field.toString());
        if (c == '\r') {
          int n = read();
          if (n != '\n' && n >= 0) {
            pos--;
          }
        }
        if (c >= 0) {
          line++;
        }
        return fields.toArray(new String[0]);
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else {
        field.append((char) c);
      }
    }
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }
}
