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

@Command(name = "promote", description = "Move the release's model version into a stage, then wait until that"
    + " environment's serving instance serves it.")
public class PromoteCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--stage", required = true, description = "staging | production") String stage;
  @Option(names = "--reason") String reason;
  @Option(names = "--approval", description = "approval.json of the stage that carried the manual approval: its"
      + " approver is recorded with the promotion") Path approvalFile;
  @Option(names = "--no-wait", description = "Do not wait for serving to swap") boolean noWait;
  @Option(names = "--timeout", defaultValue = "PT90S") Duration timeout;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    String why = reason != null ? reason : reason(release, approvalFile == null ? null : Approval.read(approvalFile),
        stage, Pipeline.label(), Pipeline.actor());
    promote(release.modelName(), release.modelVersion(), stage, why);
    if (!noWait) {
      awaitServed(Endpoints.fromEnv().serving("production".equals(stage) ? "production" : "test"),
          release.modelName(), release.modelVersion(), timeout);
    }
    return 0;
  }

  /**
   * What the audit trail records. The approver comes from the approval record: in a stage after the
   * approval GoCD's trigger user is {@code changes}, which names nobody.
   */
  static String reason(Release release, Approval approval, String stage, String label, String actor) {
    if (approval != null) {
      approval.requireFor(release);
      return "pipeline " + label + ", approved by " + approval.approvedBy() + " (" + approval.pipeline() + "/"
          + approval.pipelineCounter() + " stage " + approval.stage() + ")";
    }
    if (("production".equals(stage) || "canary".equals(stage)) && "changes".equals(actor)) {
      throw new CliFailure("no approver on record for " + stage + ": pass --approval approval.json, published by the"
          + " stage that carries the manual approval (this stage's GO_TRIGGER_USER is 'changes')");
    }
    return "pipeline " + label + ", by " + actor;
  }

  static void promote(String model, int version, String stage, String reason) {
    promote(model, version, stage, reason, null);
  }

  /** @param trafficWeight the canary's share in percent (only with stage canary), null = the registry's default */
  static void promote(String model, int version, String stage, String reason, Integer trafficWeight) {
    Endpoints e = Endpoints.fromEnv();
    if (e.registryToken() == null && !Api.hasCredentials()) {
      throw new CliFailure("neither CD4ML_OIDC_TOKEN_URL (the pipeline's client credentials) nor CD4ML_REGISTRY_TOKEN "
          + "(a token with the role for " + stage + ") is set");
    }
    com.fasterxml.jackson.databind.node.ObjectNode body = Api.object().put("stage", stage).put("reason", reason)
        .put("pipelineLabel", Pipeline.label());
    if (trafficWeight != null) {
      body.put("trafficWeight", trafficWeight);
    }
    Api.Answer a = Api.tryPostJson(e.registry() + "/models/" + model + "/versions/" + version + "/stage", body,
        e.tokenForStage(stage));
    if (!a.ok()) {
      throw new CliFailure("promotion of " + model + " v" + version + " to " + stage + " refused: " + Api.problemLine(a));
    }
    System.out.printf("[promote] %s v%d -> %s%s (%s)%n", model, version, stage,
        trafficWeight == null ? "" : " at " + trafficWeight + " %", reason);
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
