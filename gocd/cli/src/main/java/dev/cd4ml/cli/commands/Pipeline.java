package dev.cd4ml.cli.commands;

/** What GoCD (or the local runner) tells a task about the pipeline run it belongs to. */
final class Pipeline {
  private Pipeline() {}

  static String label() {
    String name = System.getenv("GO_PIPELINE_NAME");
    String label = System.getenv("GO_PIPELINE_LABEL");
    return name == null ? "manual" : name + "/" + label;
  }

  /**
   * The git revision of the code. Downstream of cd4ml-build GoCD only knows the build's label,
   * which cd4ml-build makes {@code <count>-<git sha>}; in the build itself GO_REVISION_REPO.
   */
  static String codeRevision() {
    String r = System.getenv("CODE_REVISION");
    String buildLabel = System.getenv("GO_DEPENDENCY_LABEL_BUILD");
    if (r == null && buildLabel != null && buildLabel.indexOf('-') > 0) {
      r = buildLabel.substring(buildLabel.indexOf('-') + 1);
    }
    if (r == null) {
      r = System.getenv("GO_REVISION_REPO");
    }
    if (r == null) {
      r = System.getenv("GO_REVISION");
    }
    return r;
  }

  static String actor() {
    String user = System.getenv("GO_TRIGGER_USER");
    return user == null ? System.getProperty("user.name") : user;
  }
}
