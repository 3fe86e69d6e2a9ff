package dev.cd4ml.cli;

import dev.cd4ml.cli.commands.AcceptanceCommand;
import dev.cd4ml.cli.commands.ApprovalCommand;
import dev.cd4ml.cli.commands.BridgeCommand;
import dev.cd4ml.cli.commands.CanIDeployCommand;
import dev.cd4ml.cli.commands.CanaryAnalysisCommand;
import dev.cd4ml.cli.commands.CanaryCommand;
import dev.cd4ml.cli.commands.DataCommand;
import dev.cd4ml.cli.commands.DeployCommand;
import dev.cd4ml.cli.commands.GateCommand;
import dev.cd4ml.cli.commands.ImagesCommand;
import dev.cd4ml.cli.commands.PipelineCommand;
import dev.cd4ml.cli.commands.PromoteCommand;
import dev.cd4ml.cli.commands.RegisterCommand;
import dev.cd4ml.cli.commands.ReleaseCommand;
import dev.cd4ml.cli.commands.RollbackCommand;
import dev.cd4ml.cli.commands.SmokeCommand;
import dev.cd4ml.cli.commands.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The pipeline CLI: every GoCD task is one of these commands, and people use them too. */
@Command(name = "cd4ml", mixinStandardHelpOptions = true, version = "cd4ml 1.0",
    description = "Carries a release candidate (code revision, data version, model version) through the CD4ML pipeline.",
    subcommands = {DataCommand.class, TrainCommand.class, GateCommand.class, RegisterCommand.class, DeployCommand.class,
        ApprovalCommand.class, PromoteCommand.class, CanaryCommand.class, CanaryAnalysisCommand.class, AcceptanceCommand.class, SmokeCommand.class, RollbackCommand.class, ReleaseCommand.class,
        PipelineCommand.class, BridgeCommand.class, ImagesCommand.class, CanIDeployCommand.class})
public final class Cd4ml {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Cd4ml());
    // A failure is one line with the reason, never a stack trace.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String reason = e instanceof CliFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
      commandLine.getErr().println("cd4ml " + commandLine.getCommandName() + ": " + reason);
      return 1;
    });
    return cli.execute(args);
  }
}
