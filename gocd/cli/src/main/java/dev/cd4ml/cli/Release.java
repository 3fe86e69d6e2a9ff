package dev.cd4ml.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The release candidate the pipeline carries: the triple (code revision, data version, model
 * version) plus what describes it. Published by cd4ml-model as {@code release.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(
    String codeRevision,
    String dataset,
    String dataVersion,
    String modelName,
    int modelVersion,
    Map<String, Double> metrics,
    String trainingRunId,
    String algorithm,
    Map<String, Object> params,
    Long seed,
    String pipelineLabel) {

  public static Release read(Path file) {
    try {
      return Api.JSON.readValue(file.toFile(), Release.class);
    } catch (IOException e) {
      throw new CliFailure("cannot read release " + file + ": " + e.getMessage());
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
}
