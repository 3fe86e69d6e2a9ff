package dev.cd4ml.data.domain;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from bytes. Grammar (surrounding spaces allowed):
 * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}. Hex, {@code Infinity},
 * {@code NaN} and Java suffixes such as {@code 1d} are not numbers here.
 */
public final class Numbers {
  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  private Numbers() {}

  /** The value, or {@code NaN} when the bytes are not a finite number in the grammar above. */
  public static double parse(byte[] b, int from, int to) {
    while (from < to && b[from] == ' ') {
      from++;
    }
    while (to > from && b[to - 1] == ' ') {
      to--;
    }
    if (from == to) {
      return Double.NaN;
    }
    int i = from;
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean exact = true;
    int intDigits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      if (significant < 18) {
        mantissa = mantissa * 10 + (b[i] - '0');
        if (mantissa != 0) {
          significant++;
        }
      } else {
        exact = false;
      }
      intDigits++;
      i++;
    }
    int fracDigits = 0;
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (significant < 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          if (mantissa != 0) {
            significant++;
          }
          scale--;
        } else {
          exact = false;
        }
        fracDigits++;
        i++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return Double.NaN;
    }
    int exponent = 0;
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        expNegative = b[i] == '-';
        i++;
      }
      int expDigits = 0;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (b[i] - '0');
        }
        expDigits++;
        i++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      return Double.NaN;
    }
    int e10 = scale + exponent;
    if (exact && mantissa < (1L << 53) && e10 >= -22 && e10 <= 22) {
      // Clinger's fast path: both operands exact, so one rounding gives the correct double.
      double v = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
      return negative ? -v : v;
    }
    double v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
    return Double.isFinite(v) ? v : Double.NaN;
  }

  public static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }
}
