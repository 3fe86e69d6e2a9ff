package dev.cd4ml.contracts.csv;

/** Writes what {@link CsvReader} reads: RFC 4180 fields and LF-terminated records. */
public final class CsvWriter {
  private CsvWriter() {}

  /** A field with a comma, a quote or a line break is quoted, quotes doubled; any other is written as it is. */
  public static String field(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
        return '"' + s.replace("\"", "\"\"") + '"';
      }
    }
    return s;
  }

  /** One record with its line feed. */
  public static String record(String[] fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(fields[i]));
    }
    return b.append('\n').toString();
  }
}
