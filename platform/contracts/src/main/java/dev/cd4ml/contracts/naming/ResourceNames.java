package dev.cd4ml.contracts.naming;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one name rule for datasets and models. Both names become S3 key prefixes and URL segments,
 * and a training run registers its model under the dataset's name by default, so they share it:
 * 1-100 characters of lower-case letters, digits, '.', '_' or '-', starting with a letter or a
 * digit, without "..". Whoever takes a name checks it up front (training refuses {@code Credit}
 * before it trains, not when the registry refuses the model afterwards).
 */
public final class ResourceNames {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  /** The rule in words, for error messages. */
  public static final String RULE =
      "1-100 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, no '..'";

  private ResourceNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches() && !name.contains("..");
  }

  /** Why {@code name} is not a valid {@code kind} ("dataset", "model") name, or empty when it is. */
  public static Optional<String> problem(String kind, String name) {
    return isValid(name) ? Optional.empty()
        : Optional.of(kind + " name '" + name + "' is invalid: " + RULE);
  }
}
