package dev.cd4ml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pipeline's JSON artifacts (release.json, approval.json, images.json): read and written one way. */
public final class JsonFiles {
  private JsonFiles() {}

  /** @param what the artifact's name in the error, e.g. "release" */
  public static <T> T read(Path file, Class<T> type, String what) {
    try {
      return Api.JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new CliFailure("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  public static void write(Path file, Object value) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new CliFailure("cannot write " + file + ": " + e.getMessage());
    }
  }
}
