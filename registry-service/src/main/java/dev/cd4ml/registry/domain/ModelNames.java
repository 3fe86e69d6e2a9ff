package dev.cd4ml.registry.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Model names end up in S3 keys and URLs, so they stay in a safe alphabet. */
public final class ModelNames {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  private ModelNames() {}

  /** @return why the name is not acceptable, or empty when it is */
  public static Optional<String> problem(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      return Optional.of("model name must be 1-100 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    return Optional.empty();
  }

  /** Content-addressed key: the same bytes always land on the same object. */
  public static String artifactKey(String model, String sha256) {
    return "models/" + model + "/" + sha256 + ".tribuo";
  }

  /** Accepts {@code 3} or {@code v3}. */
  public static int parseVersion(String ref) {
    String digits = ref != null && (ref.startsWith("v") || ref.startsWith("V")) ? ref.substring(1) : ref;
    try {
      int v = Integer.parseInt(digits);
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("version must be a positive number like 3 or v3, not '" + ref + "'");
    }
  }
}
