package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", description = "Deploy the code to an environment (kubectl apply -k when --kustomize is given),"
    + " then wait until the environment's services answer.")
public class DeployCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--environment", defaultValue = "${env:ENVIRONMENT:-test}") String environment;
  @Option(names = "--kustomize", defaultValue = "${env:CD4ML_KUSTOMIZE_DIR}",
      description = "Overlay directory to apply, e.g. deploy/k8s/overlays/test; without it the running services are used")
  String kustomize;
  @Option(names = "--timeout", defaultValue = "PT2M") Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (kustomize != null && !kustomize.isBlank()) {
      Process p = new ProcessBuilder(List.of("kubectl", "apply", "-k", kustomize)).inheritIO().start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new CliFailure("kubectl apply -k " + kustomize + " failed");
      }
    }
    Endpoints e = Endpoints.fromEnv();
    for (String url : List.of(e.data(), e.training(), e.registry(), e.serving(environment))) {
      awaitLive(url, timeout);
    }
    System.out.printf("[deploy] %s environment answers (code %s)%n", environment,
        Pipeline.codeRevision() == null ? "as built" : Pipeline.codeRevision());
    return 0;
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
