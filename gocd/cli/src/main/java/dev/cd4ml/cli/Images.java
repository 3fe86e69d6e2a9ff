package dev.cd4ml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code images.json}, published by cd4ml-build: the code revision and the image of each service
 * built from it. The release carries these images; the deploy step deploys exactly them.
 */
public record Images(String codeRevision, List<ServiceImage> images) {
  /** The services that run from their own image, by Maven module (monitoring-service's is monitoring/service). */
  public static final List<String> SERVICES =
      List.of("data-service", "training-service", "registry-service", "serving-service", "monitoring-service");

  public Images {
    images = images == null ? List.of() : List.copyOf(images);
  }

  public static Images read(Path file) {
    return JsonFiles.read(file, Images.class, "images");
  }

  public void write(Path file) {
    JsonFiles.write(file, this);
  }

  /** The Maven module a service's image is built in. */
  public static String module(String service) {
    return "monitoring-service".equals(service) ? "monitoring/service" : service;
  }

  /**
   * The images as the build names them ({@code [registry/]group/service:revision}); with
   * {@code digests}, each module's {@code target/jib-image.digest} (written by Quarkus' Jib
   * extension when it pushed the image) pins it, and a missing one fails.
   */
  public static Images of(Path repo, String registry, String group, String codeRevision, boolean digests) {
    if (codeRevision == null || codeRevision.isBlank()) {
      throw new CliFailure("no code revision (GO_REVISION_REPO, CODE_REVISION or --revision) to tag the images with");
    }
    String prefix = (registry == null || registry.isBlank() ? "" : registry + "/") + group + "/";
    List<ServiceImage> images = SERVICES.stream().map(s -> new ServiceImage(s, prefix + s, codeRevision,
        digests ? digest(repo.resolve(module(s)).resolve("target/jib-image.digest"), s) : null)).toList();
    return new Images(codeRevision, images);
  }

  private static String digest(Path file, String service) {
    try {
      String digest = Files.readString(file).trim();
      if (!digest.matches("sha256:[0-9a-f]{64}")) {
        throw new CliFailure(file + " holds no image digest: '" + digest + "'");
      }
      return digest;
    } catch (IOException e) {
      throw new CliFailure("no digest for " + service + " (" + file + "): was its image pushed?");
    }
  }
}
