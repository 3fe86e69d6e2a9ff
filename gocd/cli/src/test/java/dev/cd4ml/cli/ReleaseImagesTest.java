package dev.cd4ml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images.json as the build writes it, and the release carrying its images. */
class ReleaseImagesTest {
  static final String REVISION = "926d2f251145c424757bae59988f84a0ff01ed66";
  @TempDir Path dir;

  static String digest(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  @Test
  void theBuildsImagesAreTaggedWithTheRevisionAndPinnedToTheDigestsJibWrote() throws IOException {
    for (int i = 0; i < Images.SERVICES.size(); i++) {
      Path target = dir.resolve(Images.module(Images.SERVICES.get(i))).resolve("target");
      Files.createDirectories(target);
      Files.writeString(target.resolve("jib-image.digest"), digest(i + 1));
    }
    Images images = Images.of(dir, "registry.example.com", "cd4ml", REVISION, true);

    assertThat(images.codeRevision()).isEqualTo(REVISION);
    assertThat(images.images()).extracting(ServiceImage::service).containsExactlyElementsOf(Images.SERVICES);
    ServiceImage monitoring = images.images().get(4);
    assertThat(monitoring.name()).isEqualTo("registry.example.com/cd4ml/monitoring-service");
    assertThat(monitoring.reference()).isEqualTo("registry.example.com/cd4ml/monitoring-service:" + REVISION + "@" + digest(5));
    assertThat(images.images().get(0).reference()).endsWith(":" + REVISION + "@" + digest(1));
  }

  @Test
  void aServiceWhoseImageWasNotPushedFailsNamingIt() throws IOException {
    Files.createDirectories(dir.resolve("data-service/target"));
    Files.writeString(dir.resolve("data-service/target/jib-image.digest"), digest(1));
    assertThatThrownBy(() -> Images.of(dir, "r.example.com", "cd4ml", REVISION, true))
        .isInstanceOf(CliFailure.class).hasMessageContaining("no digest for training-service");
  }

  @Test
  void withoutAPushTheImagesAreNamedByTagOnly() {
    Images images = Images.of(dir, null, "cd4ml", REVISION, false);
    assertThat(images.images()).extracting(ServiceImage::reference)
        .containsExactly("cd4ml/data-service:" + REVISION, "cd4ml/training-service:" + REVISION,
            "cd4ml/registry-service:" + REVISION, "cd4ml/serving-service:" + REVISION, "cd4ml/monitoring-service:" + REVISION);
    assertThatThrownBy(() -> Images.of(dir, null, "cd4ml", null, false)).hasMessageContaining("no code revision");
  }

  @Test
  void releaseJsonCarriesTheRevisionAndEveryImageThroughAWriteAndARead() {
    Path imagesFile = dir.resolve("images.json");
    Images images = new Images(REVISION, List.of(new ServiceImage("data-service", "r.example.com/cd4ml/data-service",
        REVISION, digest(7))));
    images.write(imagesFile);
    Release release = release(REVISION).withImages(Images.read(imagesFile));
    Path file = dir.resolve("release.json");
    release.write(file);

    Release read = Release.read(file);
    assertThat(read).isEqualTo(release);
    assertThat(read.codeRevision()).isEqualTo(REVISION);
    assertThat(read.images()).containsExactly(new ServiceImage("data-service", "r.example.com/cd4ml/data-service",
        REVISION, digest(7)));
  }

  @Test
  void imagesOfAnotherRevisionThanTheModelsAreNotOneRelease() {
    Images other = new Images("0123456789abcdef0123456789abcdef01234567", List.of());
    assertThatThrownBy(() -> release(REVISION).withImages(other)).isInstanceOf(CliFailure.class)
        .hasMessageContaining("built from code 0123456789abcdef0123456789abcdef01234567")
        .hasMessageContaining("model from code " + REVISION);
  }

  @Test
  void aReleaseJsonWrittenBeforeImagesReadsWithNone() throws IOException {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"codeRevision\":\"abc1234\",\"dataset\":\"credit\",\"dataVersion\":\"v\",\"modelName\":\"m\","
        + "\"modelVersion\":3}");
    assertThat(Release.read(file).images()).isEmpty();
    assertThat(Release.read(file).modelVersion()).isEqualTo(3);
  }

  static Release release(String revision) {
    return new Release(revision, "credit", "v1", "credit-risk", 4, Map.of("accuracy", 0.8), "run-1", "cart", Map.of(),
        42L, "cd4ml-model/7");
  }
}
