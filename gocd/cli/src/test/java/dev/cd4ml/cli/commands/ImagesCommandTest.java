package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.cli.Cd4ml;
import dev.cd4ml.cli.Images;
import dev.cd4ml.cli.ServiceImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesCommandTest {
  static final String REVISION = "926d2f251145c424757bae59988f84a0ff01ed66";
  @TempDir Path dir;

  /** The build that pushes: the five service modules, tagged with the revision, to the registry and group given. */
  @Test
  void thePushBuildTagsTheFiveServicesWithTheRevision() {
    List<String> cmd = ImagesCommand.mavenPush(dir, "registry.example.com", "cd4ml", REVISION);
    assertThat(cmd.get(0)).isEqualTo(dir.resolve("mvnw").toString());
    assertThat(cmd).contains("package", "-DskipTests", "-am", "-Dquarkus.container-image.push=true",
        "-Dquarkus.container-image.registry=registry.example.com", "-Dquarkus.container-image.group=cd4ml",
        "-Dquarkus.container-image.tag=" + REVISION);
    assertThat(cmd.get(cmd.indexOf("-pl") + 1).split(","))
        .containsExactly("data-service", "training-service", "registry-service", "serving-service", "monitoring/service");
  }

  @Test
  void withoutPushItWritesImagesJsonNamingTheRevisionsImages() {
    Path out = dir.resolve("target/images.json");
    assertThat(Cd4ml.run("images", "--repo", dir.toString(), "--revision", REVISION, "--out", out.toString())).isZero();
    Images images = Images.read(out);
    assertThat(images.codeRevision()).isEqualTo(REVISION);
    assertThat(images.images()).extracting(ServiceImage::reference).hasSize(5)
        .allMatch(r -> r.startsWith("cd4ml/") && r.endsWith(":" + REVISION));
  }

  @Test
  void pushWithoutARegistryIsRefused() {
    assertThat(Cd4ml.run("images", "--repo", dir.toString(), "--revision", REVISION, "--push", "--registry", "")).isEqualTo(1);
  }
}
