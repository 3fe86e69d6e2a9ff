package dev.cd4ml.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 records, enough to read a dataset version back for acceptance and smoke checks. */
public final class Csv {
  private Csv() {}

  /** Reads up to {@code max} records (the header included) from {@code in}. */
  public static List<List<String>> read(BufferedReader in, int max) throws IOException {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int c;
    while (records.size() < max && (c = in.read()) != -1) {
      any = true;
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next != -1) {
              in.reset();
            }
          }
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r') {
          in.mark(1);
          if (in.read() != '\n') {
            in.reset();
          }
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        any = false;
      } else {
        field.append(ch);
      }
    }
    if (any && records.size() < max) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
