package dev.cd4ml.cli;

import java.io.IOException;
import java.nio.file.Files;
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
    try {
      return Api.JSON.readValue(file.toFile(), Approval.class);
    } catch (IOException e) {
      throw new CliFailure("cannot read approval " + file + ": " + e.getMessage());
    }
  }

  public void write(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new CliFailure("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** An approval is for one model version: promoting another with it would record the wrong person. */
  public void requireFor(Release release) {
    if (!release.modelName().equals(modelName) || release.modelVersion() != modelVersion) {
      throw new CliFailure("the approval is for " + modelName + " v" + modelVersion + ", the release is "
          + release.modelName() + " v" + release.modelVersion());
    }
  }
}
