package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import dev.cd4ml.cli.deploy.KustomizeOverlay;
import dev.cd4ml.cli.deploy.ServiceRevisions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", description = "Deploy the release's images to an environment through its Kustomize overlay"
    + " (kubectl apply -k with --kube-context; otherwise rendered with kubectl kustomize and checked), wait until the"
    + " environment's services answer, and check that each runs the release's code revision.")
public class DeployCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--environment", defaultValue = "${env:ENVIRONMENT:-test}") String environment;
  @Option(names = "--k8s", defaultValue = "${env:CD4ML_K8S_DIR:-k8s}",
      description = "The Kubernetes manifests (base/ and overlays/), as cd4ml-build publishes deploy/k8s")
  Path manifests;
  @Option(names = "--kube-context", defaultValue = "${env:CD4ML_KUBE_CONTEXT}",
      description = "kubectl context of the environment's cluster; without it the overlay is rendered and checked, not applied")
  String kubeContext;
  @Option(names = "--secrets", defaultValue = "${env:CD4ML_K8S_SECRETS}",
      description = "The overlay's secrets.env (real values) when applying")
  Path secrets;
  @Option(names = "--timeout", defaultValue = "PT2M") Duration timeout;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    boolean apply = kubeContext != null && !kubeContext.isBlank();
    if (release.images().isEmpty()) {
      System.out.println("[deploy] the release names no images (built before images were): nothing to deploy");
    } else {
      Path work = Files.createTempDirectory("cd4ml-deploy-" + environment);
      try {
        deploy(release, apply, work);
      } finally {
        deleteRecursively(work);
      }
    }
    Map<String, String> services = ServiceRevisions.of(Endpoints.fromEnv(), environment, System.getenv());
    for (String url : services.values()) {
      awaitLive(url, timeout);
    }
    if (release.codeRevision() == null) {
      System.out.printf("[deploy] %s environment answers; the release names no code revision, so which code runs is"
          + " not checked%n", environment);
      return 0;
    }
    ServiceRevisions.await(services, release.codeRevision(), timeout);
    System.out.printf("[deploy] %s environment answers, every service runs code %s (%s)%n", environment,
        release.codeRevision(), String.join(", ", services.keySet()));
    return 0;
  }

  /** The release's images through a copy of the environment's overlay: rendered and checked, applied with a context. */
  private void deploy(Release release, boolean apply, Path work) {
    KustomizeOverlay overlay = KustomizeOverlay.prepare(manifests, environment, release.images(), secrets, apply, work);
    String rendered = overlay.render();
    List<KustomizeOverlay.Container> containers = KustomizeOverlay.check(rendered, release.images());
    containers.forEach(c -> System.out.printf("[deploy] %s/%s: %s%n", c.workload(), c.container(), c.image()));
    if (apply) {
      overlay.apply(kubeContext, rendered, timeout.toSeconds());
      System.out.printf("[deploy] applied overlays/%s to context %s%n", environment, kubeContext);
    } else {
      System.out.printf("[deploy] overlays/%s rendered and checked, not applied (no cluster: --kube-context /"
          + " CD4ML_KUBE_CONTEXT)%n", environment);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static void awaitLive(String base, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        Api.Answer a = Api.tryGet(base + "/q/health/live");
        if (a.ok()) {
          return;
        }
        last = "HTTP " + a.status();
      } catch (CliFailure unreachable) {
        last = unreachable.getMessage();
      }
      Thread.sleep(500);
    }
    throw new CliFailure(base + " is not live after " + timeout + ": " + last);
  }
}
