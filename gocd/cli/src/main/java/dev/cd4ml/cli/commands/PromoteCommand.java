package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "promote", description = "Move the release's model version into a stage, then wait until that"
    + " environment's serving instance serves it.")
public class PromoteCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--stage", required = true, description = "staging | production") String stage;
  @Option(names = "--reason") String reason;
  @Option(names = "--no-wait", description = "Do not wait for serving to swap") boolean noWait;
  @Option(names = "--timeout", defaultValue = "PT90S") Duration timeout;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    String why = reason != null ? reason : "pipeline " + Pipeline.label() + ", approved by " + Pipeline.actor();
    promote(release.modelName(), release.modelVersion(), stage, why);
    if (!noWait) {
      awaitServed(Endpoints.fromEnv().serving("production".equals(stage) ? "production" : "test"),
          release.modelName(), release.modelVersion(), timeout);
    }
    return 0;
  }

  static void promote(String model, int version, String stage, String reason) {
    Endpoints e = Endpoints.fromEnv();
    if (e.registryToken() == null) {
      throw new CliFailure("CD4ML_REGISTRY_TOKEN is not set (a registry token with the role for " + stage + ")");
    }
    JsonNode body = Api.object().put("stage", stage).put("reason", reason).put("pipelineLabel", Pipeline.label());
    Api.Answer a = Api.tryPostJson(e.registry() + "/models/" + model + "/versions/" + version + "/stage", body, e.registryToken());
    if (!a.ok()) {
      throw new CliFailure("promotion of " + model + " v" + version + " to " + stage + " refused: " + Api.problemLine(a));
    }
    System.out.printf("[promote] %s v%d -> %s (%s)%n", model, version, stage, reason);
  }

  /** Serving swaps on the stage-changed event (or its reconcile); the pipeline goes on once it has. */
  static void awaitServed(String servingUrl, String model, int version, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "nothing";
    while (System.nanoTime() < deadline) {
      try {
        Api.Answer a = Api.tryGet(servingUrl + "/model");
        if (a.ok() && model.equals(a.body().path("model").asText()) && a.body().path("version").asInt() == version) {
          System.out.printf("[promote] %s serves %s v%d%n", servingUrl, model, version);
          return;
        }
        seen = a.ok() ? "v" + a.body().path("version").asText() : "HTTP " + a.status();
      } catch (CliFailure unreachable) {
        seen = unreachable.getMessage();
      }
      Thread.sleep(250);
    }
    throw new CliFailure(servingUrl + " still serves " + seen + " after " + timeout + ", expected v" + version);
  }
}
