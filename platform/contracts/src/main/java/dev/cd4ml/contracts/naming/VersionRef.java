package dev.cd4ml.contracts.naming;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a version is addressed, by data-service, training requests, the registry and the CLI: its
 * SHA-256 id (64 hex digits, either case), its number ({@code 3} or {@code v3}, from 1, no leading
 * zero), or {@code latest} (any case). Surrounding whitespace is ignored.
 */
public sealed interface VersionRef {
  record ById(String id) implements VersionRef {}

  record ByNumber(int number) implements VersionRef {}

  record Latest() implements VersionRef {}

  Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  Pattern NUMBER = Pattern.compile("[vV]?([1-9][0-9]{0,8})");

  /** @throws IllegalArgumentException with a message naming the accepted forms */
  static VersionRef parse(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("a version reference is required: a SHA-256 id, a number (3 or v3) or 'latest'");
    }
    String r = ref.trim();
    if (r.equalsIgnoreCase("latest")) {
      return new Latest();
    }
    String lower = r.toLowerCase(Locale.ROOT);
    if (SHA256.matcher(lower).matches()) {
      return new ById(lower);
    }
    var m = NUMBER.matcher(r);
    if (m.matches()) {
      return new ByNumber(Integer.parseInt(m.group(1)));
    }
    throw new IllegalArgumentException("'" + ref + "' is not a version reference: use a SHA-256 id (64 hex digits), "
        + "a number (3 or v3) or 'latest'");
  }

  /**
   * A version number only ({@code 3} or {@code v3}), where an id or {@code latest} makes no sense
   * (model versions are numbered).
   *
   * @throws IllegalArgumentException naming the accepted form
   */
  static int parseNumber(String ref) {
    var m = ref == null ? null : NUMBER.matcher(ref.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("version must be a positive number like 3 or v3, not '" + ref + "'");
    }
    return Integer.parseInt(m.group(1));
  }
}
