package dev.cd4ml.serving.domain;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: commas, double-quoted fields with "" escapes and line breaks inside
 * quotes, CRLF or LF. Reads one record at a time so a batch never sits in memory whole.
 */
public final class CsvReader {
  private final Reader in;
  private final char[] buf = new char[8192];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private boolean eof;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** 1-based line on which the last returned record started. */
  public long recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end; blank lines are skipped. */
  public String[] next() throws IOException {
    while (true) {
      if (!fill()) {
        return null;
      }
      recordLine = line;
      List<String> fields = new ArrayList<>(16);
      StringBuilder field = new StringBuilder(16);
      boolean quoted = false;
      boolean any = false;
      while (true) {
        if (!fill()) {
          if (quoted) {
            throw new IOException("line " + recordLine + ": unterminated quoted field");
          }
          break;
        }
        char c = buf[pos++];
        if (quoted) {
          if (c == '"') {
            if (fill() && buf[pos] == '"') {
              field.append('"');
              pos++;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
          continue;
        }
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          any = true;
        } else if (c == '"' && field.length() == 0) {
          quoted = true;
          any = true;
        } else if (c == '\n') {
          line++;
          break;
        } else if (c == '\r') {
          if (fill() && buf[pos] == '\n') {
            pos++;
          }
          line++;
          break;
        } else {
          field.append(c);
          any = true;
        }
      }
      if (!any && field.length() == 0) {
        continue; // blank line
      }
      fields.add(field.toString());
      return fields.toArray(new String[0]);
    }
  }

  private boolean fill() throws IOException {
    if (pos < len) {
      return true;
    }
    if (eof) {
      return false;
    }
    len = in.read(buf, 0, buf.length);
    pos = 0;
    if (len <= 0) {
      eof = true;
      len = 0;
      return false;
    }
    return true;
  }
}
