package dev.cd4ml.data.domain;

/**
 * A push tokenizer for RFC 4180 CSV over raw bytes, with strict UTF-8 validation in the same
 * pass. Fed chunk by chunk, it never holds more than one record. Accepted: comma separator,
 * records ended by CRLF or LF (the last one may be unterminated), double-quoted fields with
 * {@code ""} escapes and embedded separators/line breaks, an optional UTF-8 BOM. Blank lines
 * are skipped. Everything else is reported with its line and column and the rest of that
 * line is skipped. The grammar is that of the platform's shared {@code CsvReader} (platform/contracts),
 * tuned for ingest; what a field means (missing, a number) is decided by the shared rule in
 * {@link DatasetAnalyzer}.
 */
public final class CsvScanner {
  /** Receives each complete record; the record object is reused. */
  public interface Sink {
    void record(CsvRecord record);
  }

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTED_QUOTE = 3;
  private static final int CR = 4;
  private static final int SKIP_LINE = 5;

  private final Sink sink;
  private final IngestErrors errors;
  private final int maxRecordBytes;
  private final int maxFields;
  private final CsvRecord record = new CsvRecord();

  private int state = FIELD_START;
  private int fieldStart;
  private long line = 1;
  private long recordLine = 1;
  private long quoteLine;
  private long records;
  private boolean started;
  private int bomSeen;
  private boolean blankLine;

  // UTF-8 validation state, independent from the CSV state machine.
  private int utfNeed;
  private int utfLo = 0x80;
  private int utfHi = 0xBF;
  private long utfLine = 1;
  private long utfChar;

  public CsvScanner(Sink sink, IngestErrors errors, int maxRecordBytes, int maxFields) {
    this.sink = sink;
    this.errors = errors;
    this.maxRecordBytes = maxRecordBytes;
    this.maxFields = maxFields;
  }

  /** Records seen so far (including the header, excluding skipped blank lines). */
  public long records() {
    return records;
  }

  public void feed(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    if (bomSeen < 3 && !started) {
      i = skipBom(buf, i, end);
    }
    if (i < end) {
      started = true;
      validateUtf8(buf, i, end);
      scan(buf, i, end);
    }
  }

  /** Ends the input: flushes the last record, reports an unterminated quote or UTF-8 sequence. */
  public void finish() {
    if (utfNeed > 0) {
      errors.malformed(utfLine, (int) Math.min(Integer.MAX_VALUE, utfChar + 1), null,
          "invalid UTF-8: the file ends inside a multi-byte sequence");
    }
    switch (state) {
      case QUOTED -> errors.malformed(quoteLine, record.size + 1, null,
          "quoted field opened at line " + quoteLine + " is never closed");
      case UNQUOTED, QUOTED_QUOTE -> endRecordWithField();
      case CR -> {
        if (!blankLine) {
          endRecordWithField();
        }
      }
      case FIELD_START -> {
        if (record.size > 0) {
          endRecordWithField();
        }
      }
      default -> { }
    }
    state = FIELD_START;
  }

  private int skipBom(byte[] buf, int i, int end) {
    final byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    while (i < end && bomSeen < 3) {
      if (buf[i] != bom[bomSeen]) {
        if (bomSeen > 0) {
          // Not a BOM after all: replay the consumed prefix.
          int n = bomSeen;
          bomSeen = 3;
          started = true;
          validateUtf8(bom, 0, n);
          scan(bom, 0, n);
        }
        bomSeen = 3;
        return i;
      }
      bomSeen++;
      i++;
    }
    return i;
  }

  private void validateUtf8(byte[] buf, int from, int to) {
    long l = utfLine;
    long c = utfChar;
    int need = utfNeed;
    for (int i = from; i < to; i++) {
      int b = buf[i];
      if (need == 0) {
        if (b >= 0) {
          if (b == '\n') {
            l++;
            c = 0;
          } else {
            c++;
            if (b == 0) {
              // valid UTF-8, but not text: PostgreSQL cannot hold it in a column name or a profile value
              errors.malformed(l, (int) Math.min(Integer.MAX_VALUE, c), null,
                  "NUL byte (U+0000) at line " + l + ", character " + c + ": a CSV file is text");
            }
          }
          continue;
        }
        b &= 0xFF;
        c++;
        if (b >= 0xC2 && b <= 0xDF) {
          need = 1;
          utfLo = 0x80;
          utfHi = 0xBF;
        } else if (b >= 0xE0 && b <= 0xEF) {
          need = 2;
          utfLo = b == 0xE0 ? 0xA0 : 0x80;
          utfHi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
          need = 3;
          utfLo = b == 0xF0 ? 0x90 : 0x80;
          utfHi = b == 0xF4 ? 0x8F : 0xBF;
        } else {
          badUtf8(l, c, b);
        }
      } else {
        b &= 0xFF;
        if (b < utfLo || b > utfHi) {
          badUtf8(l, c, b);
          need = 0;
          i--; // re-examine this byte as a possible start
          continue;
        }
        utfLo = 0x80;
        utfHi = 0xBF;
        need--;
      }
    }
    utfLine = l;
    utfChar = c;
    utfNeed = need;
  }

  private void badUtf8(long l, long c, int b) {
    errors.malformed(l, (int) Math.min(Integer.MAX_VALUE, c), null,
        String.format("invalid UTF-8: byte 0x%02X at line %d, character %d", b, l, c));
  }

  private void scan(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      byte c = buf[i];
      switch (state) {
        case FIELD_START -> {
          if (c == '"') {
            state = QUOTED;
            quoteLine = line;
            fieldStart = record.length;
            i++;
          } else if (c == ',') {
            fieldStart = record.length;
            endField();
            i++;
          } else if (c == '\n') {
            if (record.size > 0) {
              fieldStart = record.length;
              endRecordWithField();
            }
            line++;
            recordLine = line;
            i++;
          } else if (c == '\r') {
            state = CR;
            blankLine = record.size == 0;
            fieldStart = record.length;
            i++;
          } else {
            fieldStart = record.length;
            state = UNQUOTED;
          }
        }
        case UNQUOTED -> {
          // Fast path: copy the run of ordinary bytes at once.
          int j = i;
          while (j < to) {
            byte d = buf[j];
            if (d == ',' || d == '\n' || d == '\r' || d == '"') {
              break;
            }
            j++;
          }
          if (j > i) {
            if (record.length + (j - i) > maxRecordBytes) {
              tooLong();
              i = j;
              continue;
            }
            record.append(buf, i, j - i);
            i = j;
          }
          if (i < to) {
            byte d = buf[i];
            if (d == ',') {
              state = FIELD_START;
              endField();
            } else if (d == '\n') {
              endRecordWithField();
              line++;
              recordLine = line;
              state = FIELD_START;
            } else if (d == '\r') {
              state = CR;
            } else {
              errors.malformed(line, record.size + 1, null,
                  "quote character inside an unquoted field (quote the whole field and double inner quotes)");
              state = SKIP_LINE;
            }
            i++;
          }
        }
        case QUOTED -> {
          int j = i;
          while (j < to) {
            byte d = buf[j];
            if (d == '"') {
              break;
            }
            if (d == '\n') {
              line++;
            }
            j++;
          }
          if (j > i) {
            if (record.length + (j - i) > maxRecordBytes) {
              tooLong();
              i = j;
              continue;
            }
            record.append(buf, i, j - i);
            i = j;
          }
          if (i < to) {
            state = QUOTED_QUOTE;
            i++;
          }
        }
        case QUOTED_QUOTE -> {
          if (c == '"') {
            record.append((byte) '"');
            state = QUOTED;
          } else if (c == ',') {
            state = FIELD_START;
            endField();
          } else if (c == '\n') {
            endRecordWithField();
            line++;
            recordLine = line;
            state = FIELD_START;
          } else if (c == '\r') {
            state = CR;
          } else {
            errors.malformed(line, record.size + 1, null,
                "unexpected character '" + printable(c) + "' after a closing quote (expected , or end of line)");
            state = SKIP_LINE;
          }
          i++;
        }
        case CR -> {
          if (c == '\n') {
            if (blankLine) {
              blankLine = false;
              record.reset();
            } else {
              endRecordWithField();
            }
            line++;
            recordLine = line;
            state = FIELD_START;
            i++;
          } else {
            blankLine = false;
            errors.malformed(line, record.size + 1, null, "carriage return not followed by a line feed");
            state = SKIP_LINE;
          }
        }
        default -> { // SKIP_LINE: drop the rest of a broken line
          int j = i;
          while (j < to && buf[j] != '\n') {
            j++;
          }
          i = j;
          if (i < to) {
            i++;
            line++;
            recordLine = line;
            record.reset();
            state = FIELD_START;
          }
        }
      }
    }
  }

  private void tooLong() {
    errors.malformed(recordLine, record.size + 1, null, "record longer than " + maxRecordBytes + " bytes");
    // Inside a quoted field the skip may resume mid-field; later lines then report their own errors.
    state = SKIP_LINE;
  }

  private void endField() {
    if (record.size >= maxFields) {
      errors.malformed(recordLine, record.size + 1, null, "more than " + maxFields + " fields in one record");
      state = SKIP_LINE;
      return;
    }
    record.endField(fieldStart);
    fieldStart = record.length;
  }

  private void endRecordWithField() {
    endField();
    if (state == SKIP_LINE) {
      record.reset();
      return;
    }
    record.line = recordLine;
    records++;
    sink.record(record);
    record.reset();
    fieldStart = 0;
  }

  private static String printable(byte c) {
    return c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02X", c & 0xFF);
  }
}
