package dev.cd4ml.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Images;
import dev.cd4ml.cli.ServiceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy step on the repository's real overlays, rendered by the real {@code kubectl kustomize}
 * (installed with kubectl; .ci/prerequisites checks it): the release's images reach every Deployment.
 */
class KustomizeOverlayTest {
  static final Path K8S = Path.of("../../deploy/k8s").toAbsolutePath().normalize();
  static final String REVISION = "926d2f251145c424757bae59988f84a0ff01ed66";
  @TempDir Path dir;
  Path manifests;

  /** The manifests as a clean checkout has them (a developer's own secrets.env stays out). */
  @BeforeEach
  void cleanCopy() throws IOException {
    manifests = dir.resolve("k8s");
    try (Stream<Path> all = Files.walk(K8S)) {
      for (Path f : all.toList()) {
        Path target = manifests.resolve(K8S.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().equals("secrets.env")) {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static List<ServiceImage> release(boolean digests) {
    List<ServiceImage> images = new java.util.ArrayList<>();
    for (int i = 0; i < Images.SERVICES.size(); i++) {
      String s = Images.SERVICES.get(i);
      images.add(new ServiceImage(s, "registry.example.com/cd4ml/" + s, REVISION,
          digests ? "sha256:" + String.format("%064x", i + 1) : null));
    }
    return images;
  }

  static Map<String, String> imagesByWorkload(String rendered) {
    Map<String, String> images = new HashMap<>();
    for (JsonNode d : KustomizeOverlay.documents(rendered)) {
      for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
        images.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), c.path("image").asText());
      }
    }
    return images;
  }

  @Test
  void bothOverlaysDeployExactlyTheReleasesImagesPinnedToTheirDigests() {
    List<ServiceImage> images = release(true);
    for (String environment : List.of("test", "production")) {
      KustomizeOverlay overlay = KustomizeOverlay.prepare(manifests, environment, images, null, false, dir.resolve(environment));
      String rendered = overlay.render();

      List<KustomizeOverlay.Container> checked = KustomizeOverlay.check(rendered, images);
      assertThat(checked).extracting(KustomizeOverlay.Container::workload).as(environment).containsExactlyInAnyOrder(
          "Deployment/data-service", "Deployment/training-service", "Deployment/registry-service", "Deployment/serving-test",
          "Deployment/serving-production", "Deployment/monitoring-service");
      Map<String, String> byWorkload = imagesByWorkload(rendered);
      String digest1 = "sha256:" + String.format("%064x", 1);
      assertThat(byWorkload).as(environment)
          .containsEntry("Deployment/data-service", "registry.example.com/cd4ml/data-service:" + REVISION + "@" + digest1)
          .containsEntry("Deployment/serving-test", images.get(3).reference())
          .containsEntry("Deployment/serving-production", images.get(3).reference())
          .containsEntry("Deployment/monitoring-service", images.get(4).reference());
      // The data bridge runs the CLI's own image, which is not one of the services'.
      assertThat(byWorkload.get("StatefulSet/gocd-bridge")).startsWith("cd4ml/cd4ml-cli:");
    }
  }

  @Test
  void withoutDigestsTheDeploymentsNameTheRevisionsTag() {
    List<ServiceImage> images = release(false);
    String rendered = KustomizeOverlay.prepare(manifests, "test", images, null, false, dir.resolve("w")).render();
    KustomizeOverlay.check(rendered, images);
    assertThat(imagesByWorkload(rendered)).containsEntry("Deployment/training-service",
        "registry.example.com/cd4ml/training-service:" + REVISION);
  }

  @Test
  void anOverlayNotSetToTheReleaseFailsNamingTheWorkloadAndBothImages() throws IOException {
    Path overlay = manifests.resolve("overlays/test");
    Files.copy(overlay.resolve("secrets.env.example"), overlay.resolve("secrets.env"));
    List<ServiceImage> images = release(true);
    // The overlay as committed: the mutable snapshot tag, not the release's images.
    String unedited = KustomizeOverlay.prepare(manifests, "test", List.of(), null, false, dir.resolve("w")).render();
    assertThatThrownBy(() -> KustomizeOverlay.check(unedited, images)).isInstanceOf(CliFailure.class)
        .hasMessageContaining("Deployment/data-service container data-service runs cd4ml/data-service:1.0.0-SNAPSHOT, the"
            + " release's data-service is " + images.get(0).reference())
        .hasMessageContaining("Deployment/serving-production");
  }

  @Test
  void aServiceNoWorkloadRunsFails() {
    List<ServiceImage> images = new java.util.ArrayList<>(release(true));
    images.add(new ServiceImage("feature-service", "registry.example.com/cd4ml/feature-service", REVISION, null));
    String rendered = KustomizeOverlay.prepare(manifests, "test", images, null, false, dir.resolve("w")).render();
    assertThatThrownBy(() -> KustomizeOverlay.check(rendered, images)).hasMessageContaining("no workload runs feature-service");
  }

  @Test
  void theRepositorysOverlayIsLeftAsItIsAndApplyingNeedsRealSecrets() throws IOException {
    String before = Files.readString(manifests.resolve("overlays/production/kustomization.yaml"));
    KustomizeOverlay.prepare(manifests, "production", release(true), null, false, dir.resolve("w"));
    assertThat(manifests.resolve("overlays/production/kustomization.yaml")).hasContent(before);
    assertThat(manifests.resolve("overlays/production/secrets.env")).doesNotExist();

    assertThatThrownBy(() -> KustomizeOverlay.prepare(manifests, "production", release(true), null, true, dir.resolve("a")))
        .hasMessageContaining("no secrets for production: give --secrets FILE");
    assertThatThrownBy(() -> KustomizeOverlay.prepare(manifests, "staging", release(true), null, false, dir.resolve("s")))
        .hasMessageContaining("no Kustomize overlay");
  }
}
