package dev.cd4ml.support.input;

/**
 * Which characters no identifier, reference or query value of the platform may hold: C0 and C1
 * control characters (NUL, CR, LF...), DEL, and the invisible bidirectional controls that make a
 * name look like another ("Trojan source"). PostgreSQL refuses NUL in text outright; the others
 * would be stored and shown back as something other than what they are.
 */
public final class Characters {
  private Characters() {}

  /** Index of the first refused character of {@code s}, or -1 when there is none. */
  public static int firstRefused(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (refused(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  public static boolean refused(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }

  /** {@code U+0000}: how a message names a character that cannot be shown. */
  public static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
