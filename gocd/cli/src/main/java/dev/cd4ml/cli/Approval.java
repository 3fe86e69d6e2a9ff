package dev.cd4ml.cli;

import java.nio.file.Path;

/**
 * Who approved a release for production, recorded inside the stage that carries the manual
 * approval: on a GoCD server only that stage's GO_TRIGGER_USER is the approver (the stages after
 * it see {@code changes}), so the approval stage publishes this as {@code approval.json} and the
 * promotion fetches it.
 */
public record Approval(String approvedBy, String pipeline, String pipelineCounter, String stage, String modelName,
    int modelVersion, String at) {

  public static Approval read(Path file) {
    return JsonFiles.read(file, Approval.class, "approval");
  }

  public void write(Path file) {
    JsonFiles.write(file, this);
  }

  /** An approval is for one model version: promoting another with it would record the wrong person. */
  public void requireFor(Release release) {
    if (!release.modelName().equals(modelName) || release.modelVersion() != modelVersion) {
      throw new CliFailure("the approval is for " + modelName + " v" + modelVersion + ", the release is "
          + release.modelName() + " v" + release.modelVersion());
    }
  }
}
