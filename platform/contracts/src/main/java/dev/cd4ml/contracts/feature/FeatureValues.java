package dev.cd4ml.contracts.feature;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a feature value given as text is, once for every service: data-service profiles with it,
 * training encodes with it, serving validates CSV cells and JSON strings with it, the CLI builds its
 * check requests with it. If two of them disagreed, a model would be trained on one reading of a
 * cell and served another (training/serving skew).
 *
 * <ul>
 *   <li>Surrounding spaces and tabs are not part of a value: {@code " rent "} is {@code rent}.</li>
 *   <li>A value is <em>missing</em> when it is empty after that, or exactly one of
 *       {@link #MISSING_TOKENS} (case as listed: {@code Na} or {@code none} are values). In JSON,
 *       {@code null} is missing too, and a string holding a token is missing as the cell would be.</li>
 *   <li>A numeric value follows {@link Numbers}; a categorical value is the text itself.</li>
 * </ul>
 */
public final class FeatureValues {
  /** The spellings of "not known" found in exported CSV (R, pandas, SQL dumps, spreadsheets). */
  public static final List<String> MISSING_TOKENS = List.of("NA", "N/A", "NaN", "nan", "null", "NULL");

  /** The tokens as UTF-8 bytes, for scanners that never build a String per cell. */
  private static final byte[][] TOKEN_BYTES;
  private static final int LONGEST_TOKEN;

  static {
    TOKEN_BYTES = new byte[MISSING_TOKENS.size()][];
    int longest = 0;
    for (int i = 0; i < TOKEN_BYTES.length; i++) {
      TOKEN_BYTES[i] = MISSING_TOKENS.get(i).getBytes(StandardCharsets.UTF_8);
      longest = Math.max(longest, TOKEN_BYTES[i].length);
    }
    LONGEST_TOKEN = longest;
  }

  private FeatureValues() {}

  /** Space or tab: what {@link #strip} removes. */
  public static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  /** The value without surrounding spaces and tabs (the same instance when there are none). */
  public static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isBlank(s.charAt(from))) {
      from++;
    }
    while (to > from && isBlank(s.charAt(to - 1))) {
      to--;
    }
    return from == 0 && to == s.length() ? s : s.substring(from, to);
  }

  /** Whether the text is a missing value; null is missing. */
  public static boolean isMissing(String s) {
    if (s == null) {
      return true;
    }
    int from = 0;
    int to = s.length();
    while (from < to && isBlank(s.charAt(from))) {
      from++;
    }
    while (to > from && isBlank(s.charAt(to - 1))) {
      to--;
    }
    int len = to - from;
    if (len == 0) {
      return true;
    }
    if (len > LONGEST_TOKEN) {
      return false;
    }
    for (String t : MISSING_TOKENS) {
      if (t.length() == len && s.regionMatches(from, t, 0, len)) {
        return true;
      }
    }
    return false;
  }

  /** The first byte of the value in {@code d[from, to)}: past leading spaces and tabs. */
  public static int valueStart(byte[] d, int from, int to) {
    while (from < to && isBlank(d[from])) {
      from++;
    }
    return from;
  }

  /** The end of the value in {@code d[from, to)}: before trailing spaces and tabs. */
  public static int valueEnd(byte[] d, int from, int to) {
    while (to > from && isBlank(d[to - 1])) {
      to--;
    }
    return to;
  }

  /** {@link #isMissing(String)} on UTF-8 bytes, allocation-free (data-service's ingest hot loop). */
  public static boolean isMissing(byte[] d, int from, int to) {
    if (to > from && (isBlank(d[from]) || isBlank(d[to - 1]))) {
      from = valueStart(d, from, to);
      to = valueEnd(d, from, to);
    }
    int len = to - from;
    if (len == 0) {
      return true;
    }
    if (len > LONGEST_TOKEN) {
      return false;
    }
    for (byte[] t : TOKEN_BYTES) {
      if (t.length == len && java.util.Arrays.equals(t, 0, len, d, from, to)) {
        return true;
      }
    }
    return false;
  }
}
