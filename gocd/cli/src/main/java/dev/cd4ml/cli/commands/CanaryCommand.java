package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Approval;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "canary", description = "Move the release's model version into the registry's canary stage at a"
    + " traffic weight, then wait until production's serving instance serves it beside production; --abort takes"
    + " it out again (canary -> archived).")
public class CanaryCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--weight", defaultValue = "${env:CANARY_WEIGHT:-10}",
      description = "percent of production's requests the canary answers, 0-100 (env CANARY_WEIGHT, default 10)") int weight;
  @Option(names = "--approval", description = "approval.json of the stage that carried the manual approval") Path approvalFile;
  @Option(names = "--reason") String reason;
  @Option(names = "--abort", description = "archive the release's version if it is the canary (nothing else changes)") boolean abort;
  @Option(names = "--no-wait", description = "Do not wait for serving to load the canary") boolean noWait;
  @Option(names = "--timeout", defaultValue = "PT90S") Duration timeout;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    if (abort) {
      abort(release.modelName(), release.modelVersion(), reason != null ? reason : "pipeline " + Pipeline.label()
          + ": canary aborted");
      return 0;
    }
    if (weight < 0 || weight > 100) {
      throw new CliFailure("--weight must be between 0 and 100, was " + weight);
    }
    String why = reason != null ? reason : PromoteCommand.reason(release,
        approvalFile == null ? null : Approval.read(approvalFile), "canary", Pipeline.label(), Pipeline.actor());
    Endpoints e = Endpoints.fromEnv();
    Api.Answer production = Api.tryGet(e.registry() + "/models/" + release.modelName() + "/stages/production");
    if (production.status() == 404) {
      // Nothing serves production yet: there is no primary to compare a canary with.
      System.out.printf("[canary] no version of %s in production yet: v%d goes straight to production%n",
          release.modelName(), release.modelVersion());
      PromoteCommand.promote(release.modelName(), release.modelVersion(), "production", why);
      if (!noWait) {
        PromoteCommand.awaitServed(e.serving("production"), release.modelName(), release.modelVersion(), timeout);
      }
      return 0;
    }
    if (!production.ok()) {
      throw new CliFailure("the registry's production stage of " + release.modelName() + ": " + Api.problemLine(production));
    }
    PromoteCommand.promote(release.modelName(), release.modelVersion(), "canary", why, weight);
    if (!noWait) {
      awaitCanary(e.serving("production"), release.modelName(), release.modelVersion(), weight, timeout);
    }
    return 0;
  }

  /** Archives the version if the registry's canary stage holds it; production is never touched. */
  static boolean abort(String model, int version, String reason) {
    Endpoints e = Endpoints.fromEnv();
    JsonNode info = Api.get(e.registry() + "/models/" + model + "/versions/" + version);
    if (!"canary".equals(info.path("stage").asText())) {
      System.out.printf("[canary] %s v%d is in stage %s, not canary: nothing to abort%n", model, version,
          info.path("stage").asText());
      return false;
    }
    PromoteCommand.promote(model, version, "archived", reason);
    System.out.printf("[canary] aborted: %s v%d -> archived; production unchanged%n", model, version);
    return true;
  }

  static void awaitCanary(String servingUrl, String model, int version, int weight, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "nothing";
    while (System.nanoTime() < deadline) {
      try {
        Api.Answer a = Api.tryGet(servingUrl + "/model");
        JsonNode c = a.body().path("canary");
        if (a.ok() && model.equals(a.body().path("model").asText()) && c.path("version").asInt() == version
            && c.path("trafficWeight").asInt() == weight) {
          System.out.printf("[canary] %s serves %s v%d as its canary at %d %% beside v%s%n", servingUrl, model, version,
              weight, a.body().path("version").asText());
          return;
        }
        seen = a.ok() ? "canary " + (c.hasNonNull("version") ? "v" + c.path("version").asText() + " at "
            + c.path("trafficWeight").asText() + " %" : "none") : "HTTP " + a.status();
      } catch (CliFailure unreachable) {
        seen = unreachable.getMessage();
      }
      Thread.sleep(250);
    }
    throw new CliFailure(servingUrl + " serves " + seen + " after " + timeout + ", expected canary v" + version + " at "
        + weight + " %");
  }
}
