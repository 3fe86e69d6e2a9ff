package dev.cd4ml.contracts.csv;

import java.io.IOException;

/** A record that is not RFC 4180 CSV, with where: the physical line and the 1-based field. */
public final class CsvFormatException extends IOException {
  private final long line;
  private final int field;

  public CsvFormatException(long line, int field, String problem) {
    super("line " + line + ", field " + field + ": " + problem);
    this.line = line;
    this.field = field;
  }

  public long line() {
    return line;
  }

  public int field() {
    return field;
  }
}
