package dev.cd4ml.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The release candidate the pipeline carries: the triple (code revision, data version, model
 * version) plus what describes it, and the image of each service built from that code revision
 * (from cd4ml-build's {@code images.json}). Published by cd4ml-model as {@code release.json}.
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
    String pipelineLabel,
    List<ServiceImage> images) {

  public Release {
    images = images == null ? List.of() : List.copyOf(images);
  }

  /** A release without images (a release.json written before images were built, or a test). */
  public Release(String codeRevision, String dataset, String dataVersion, String modelName, int modelVersion,
      Map<String, Double> metrics, String trainingRunId, String algorithm, Map<String, Object> params, Long seed,
      String pipelineLabel) {
    this(codeRevision, dataset, dataVersion, modelName, modelVersion, metrics, trainingRunId, algorithm, params, seed,
        pipelineLabel, List.of());
  }

  /** The same release with the images built from its code revision. */
  public Release withImages(Images built) {
    if (codeRevision != null && !codeRevision.equals(built.codeRevision())) {
      throw new CliFailure("the images were built from code " + built.codeRevision() + ", the model from code "
          + codeRevision + ": not one release");
    }
    return new Release(codeRevision == null ? built.codeRevision() : codeRevision, dataset, dataVersion, modelName,
        modelVersion, metrics, trainingRunId, algorithm, params, seed, pipelineLabel, built.images());
  }

  public static Release read(Path file) {
    return JsonFiles.read(file, Release.class, "release");
  }

  public void write(Path file) {
    JsonFiles.write(file, this);
  }
}
