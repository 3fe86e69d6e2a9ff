package dev.cd4ml.training.domain;

/**
 * Which code revision a run is attributed to: the request's, else the revision baked into this
 * build, else GoCD's {@code GO_REVISION}, else "unknown".
 */
public final class CodeRevision {
  public static final String UNKNOWN = "unknown";

  private CodeRevision() {}

  public static String resolve(String requested, String buildRevision, String goRevision) {
    if (usable(requested)) {
      return requested.trim();
    }
    if (usable(buildRevision)) {
      return buildRevision.trim();
    }
    if (usable(goRevision)) {
      return goRevision.trim();
    }
    return UNKNOWN;
  }

  /** An unfiltered Maven placeholder (${...}) counts as absent. */
  private static boolean usable(String s) {
    return s != null && !s.isBlank() && !s.contains("${");
  }
}
