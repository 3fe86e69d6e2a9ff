package dev.cd4ml.contracts.feature;

import java.nio.charset.StandardCharsets;

/**
 * The one number rule for a numeric feature value given as text. Grammar (surrounding spaces and
 * tabs allowed, see {@link FeatureValues#strip}):
 * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, so {@code 42}, {@code -2.5},
 * {@code .5}, {@code 12.}, {@code 1e3}, {@code -2.5E-2} are numbers. Not numbers: hex
 * ({@code 0x10}), {@code Infinity}, {@code NaN}, Java suffixes ({@code 1d}, {@code 2f}), grouping
 * ({@code 1,000}, {@code 1_000}), a decimal comma ({@code 1,5}), and anything beyond the double
 * range ({@code 1e999}): a value is a finite double, rounded correctly.
 *
 * <p>Check {@link FeatureValues#isMissing} first: a missing value is not a number either.
 */
public final class Numbers {
  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  private Numbers() {}

  /** The value, or {@code NaN} when the bytes are not a number by the rule above. Allocation-free when exact. */
  public static double parse(byte[] b, int from, int to) {
    from = FeatureValues.valueStart(b, from, to);
    to = FeatureValues.valueEnd(b, from, to);
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
    double fast = fastPath(mantissa, exact, scale + exponent, negative);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    return finite(Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII)));
  }

  /** {@link #parse(byte[], int, int)} for text; null is not a number. */
  public static double parse(CharSequence s) {
    if (s == null) {
      return Double.NaN;
    }
    int from = 0;
    int to = s.length();
    while (from < to && FeatureValues.isBlank(s.charAt(from))) {
      from++;
    }
    while (to > from && FeatureValues.isBlank(s.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return Double.NaN;
    }
    // The same grammar as the byte parser, char by char; a Latin digit is the only digit.
    int i = from;
    boolean negative = false;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      negative = s.charAt(i) == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean exact = true;
    int intDigits = 0;
    char c;
    while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
      if (significant < 18) {
        mantissa = mantissa * 10 + (c - '0');
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
    if (i < to && s.charAt(i) == '.') {
      i++;
      while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
        if (significant < 18) {
          mantissa = mantissa * 10 + (c - '0');
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
    if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        expNegative = s.charAt(i) == '-';
        i++;
      }
      int expDigits = 0;
      while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (c - '0');
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
    double fast = fastPath(mantissa, exact, scale + exponent, negative);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    return finite(Double.parseDouble(s.subSequence(from, to).toString()));
  }

  /** Whether the text is a number by the rule above. */
  public static boolean isNumber(CharSequence s) {
    return !Double.isNaN(parse(s));
  }

  /** Clinger's fast path: both operands exact, so one rounding gives the correct double; NaN when it does not apply. */
  private static double fastPath(long mantissa, boolean exact, int e10, boolean negative) {
    if (exact && mantissa < (1L << 53) && e10 >= -22 && e10 <= 22) {
      double v = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
      return negative ? -v : v;
    }
    return Double.NaN;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }
}
