package dev.cd4ml.data.domain;

import java.util.regex.Pattern;

/**
 * Dataset names become S3 key prefixes and URL segments, so they are restricted to lower-case
 * letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters.
 */
public final class DatasetNames {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  private DatasetNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches() && !name.contains("..");
  }

  public static String rule() {
    return "1-100 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
  }
}
