package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Images;
import dev.cd4ml.cli.ServiceImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "images", description = "The services' images tagged with the code revision: with --push build and push"
    + " them (Maven + Quarkus Jib, no Docker daemon) and pin each to the digest the registry returned; write images.json.")
public class ImagesCommand implements Callable<Integer> {
  @Option(names = "--repo", defaultValue = ".", description = "The checkout the images are built from") Path repo;
  @Option(names = "--registry", defaultValue = "${env:CD4ML_IMAGE_REGISTRY}", description = "e.g. registry.example.com")
  String registry;
  @Option(names = "--group", defaultValue = "${env:CD4ML_IMAGE_GROUP:-cd4ml}") String group;
  @Option(names = "--revision", description = "The code revision (default: GoCD's material revision, or CODE_REVISION)")
  String revision;
  @Option(names = "--push", description = "Build and push the images, then record their digests") boolean push;
  @Option(names = "--out", defaultValue = "images.json") Path out;

  @Override
  public Integer call() throws Exception {
    String rev = revision != null ? revision : Pipeline.codeRevision();
    if (push) {
      if (registry == null || registry.isBlank()) {
        throw new CliFailure("--push needs --registry (CD4ML_IMAGE_REGISTRY): where the cluster pulls the images from");
      }
      List<String> maven = mavenPush(repo, registry, group, rev);
      System.out.println("[images] $ " + String.join(" ", maven));
      Process p = new ProcessBuilder(maven).directory(repo.toFile()).inheritIO().start();
      if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new CliFailure("building and pushing the images failed");
      }
    }
    Images images = Images.of(repo, registry, group, rev, push);
    images.write(out);
    for (ServiceImage i : images.images()) {
      System.out.println("[images] " + i.service() + ": " + i.reference());
    }
    System.out.printf("[images] code %s -> %s%n", rev, out);
    return 0;
  }

  /**
   * The build that pushes the five images tagged {@code revision}: Jib writes each module's
   * {@code target/jib-image.digest}. Credentials: QUARKUS_CONTAINER_IMAGE_USERNAME / _PASSWORD or
   * the agent's docker config.
   */
  static List<String> mavenPush(Path repo, String registry, String group, String revision) {
    if (revision == null || revision.isBlank()) {
      throw new CliFailure("no code revision (GO_REVISION_REPO, CODE_REVISION or --revision) to tag the images with");
    }
    List<String> cmd = new ArrayList<>(List.of(repo.resolve("mvnw").toString(), "-B", "-ntp", "package", "-DskipTests",
        "-pl", String.join(",", Images.SERVICES.stream().map(Images::module).toList()), "-am",
        "-Dquarkus.container-image.push=true",
        "-Dquarkus.container-image.registry=" + registry,
        "-Dquarkus.container-image.group=" + group,
        "-Dquarkus.container-image.tag=" + revision));
    return cmd;
  }
}
