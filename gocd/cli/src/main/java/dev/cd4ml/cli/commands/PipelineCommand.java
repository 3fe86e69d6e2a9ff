package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.pipeline.Approver;
import dev.cd4ml.cli.pipeline.GocdConfig;
import dev.cd4ml.cli.pipeline.LocalPipelineRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pipeline", description = "The pipelines of gocd/*.gocd.yaml run on this machine.",
    subcommands = PipelineCommand.Run.class)
public class PipelineCommand {

  @Command(name = "run", description = "Run a pipeline and everything downstream, stage by stage, as GoCD would.")
  static class Run implements Callable<Integer> {
    @Option(names = "--repo", defaultValue = ".") Path repo;
    @Option(names = "--gocd-dir", description = "Where the *.gocd.yaml files are (default <repo>/gocd)") Path gocdDir;
    @Option(names = "--run-dir", defaultValue = "${env:CD4ML_RUN_DIR:-.run}") Path runDir;
    @Option(names = "--from", defaultValue = "cd4ml-model",
        description = "First pipeline (cd4ml-build runs the whole build and test first)") String from;
    @Option(names = "--var", description = "Pipeline variable, e.g. --var DATA_VERSION=<id>") Map<String, String> vars;
    @Option(names = "--approve-as", description = "Give the manual approvals as this person (else you are asked)")
    String approveAs;

    @Override
    public Integer call() {
      Path root = repo.toAbsolutePath().normalize();
      GocdConfig config = GocdConfig.load(gocdDir != null ? gocdDir : root.resolve("gocd"));
      Approver approver = approveAs != null ? Approver.commandLine(approveAs) : Approver.prompt();
      LocalPipelineRunner runner = new LocalPipelineRunner(config, root, runDir.toAbsolutePath(), System.getenv(), approver,
          System.out);
      List<LocalPipelineRunner.RunResult> results = runner.runChain(from, vars == null ? new HashMap<>() : vars);
      LocalPipelineRunner.RunResult last = results.get(results.size() - 1);
      if (!last.passed()) {
        throw new CliFailure(last.pipeline() + " #" + last.counter() + " stopped at stage " + last.stoppedAt());
      }
      System.out.printf("%npipeline chain passed: %s%n", results.stream().map(r -> r.pipeline() + " #" + r.counter()).toList());
      return 0;
    }
  }
}
