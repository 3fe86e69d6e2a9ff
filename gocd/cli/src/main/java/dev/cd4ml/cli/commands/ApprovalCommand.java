package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.Approval;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approval", description = "In the stage that carries the manual approval: record who approved the"
    + " release (GO_TRIGGER_USER) as approval.json, which the promotion fetches and records as the approver.")
public class ApprovalCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--out", defaultValue = "approval.json") Path out;

  @Override
  public Integer call() {
    Approval a = record(System.getenv(), Release.read(releaseFile), Instant.now());
    a.write(out);
    System.out.printf("[approval] %s v%d approved by %s (%s/%s, stage %s)%n", a.modelName(), a.modelVersion(),
        a.approvedBy(), a.pipeline(), a.pipelineCounter(), a.stage());
    return 0;
  }

  /**
   * The approval of this stage, from GoCD's variables. A stage GoCD started on its own has the
   * trigger user {@code changes}: recording that as the approver would put nobody on record.
   */
  static Approval record(Map<String, String> env, Release release, Instant at) {
    String user = env.get("GO_TRIGGER_USER");
    if (user == null || user.isBlank() || "changes".equals(user)) {
      throw new CliFailure("no approver: GO_TRIGGER_USER is " + (user == null ? "not set" : "'" + user + "'")
          + "; run this in the stage that carries the manual approval");
    }
    return new Approval(user, env.getOrDefault("GO_PIPELINE_NAME", "manual"), env.get("GO_PIPELINE_COUNTER"),
        env.get("GO_STAGE_NAME"), release.modelName(), release.modelVersion(), at.toString());
  }
}
