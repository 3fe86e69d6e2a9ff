package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release", description = "The release candidate.", subcommands = ReleaseCommand.Show.class)
public class ReleaseCommand {

  @Command(name = "show", description = "Print the release candidate and its model's stage and checks in the registry.")
  static class Show implements Callable<Integer> {
    @Option(names = "--release", defaultValue = "release.json") Path releaseFile;

    @Override
    public Integer call() {
      Release r = Release.read(releaseFile);
      System.out.printf("release: code %s | data %s@%s | model %s v%d%n", r.codeRevision(), r.dataset(), r.dataVersion(),
          r.modelName(), r.modelVersion());
      System.out.printf("  run %s, %s, params %s, seed %s%n", r.trainingRunId(), r.algorithm(), r.params(), r.seed());
      System.out.printf("  metrics %s%n", r.metrics());
      r.images().forEach(i -> System.out.printf("  image %s: %s%n", i.service(), i.reference()));
      JsonNode v = Api.get(Endpoints.fromEnv().registry() + "/models/" + r.modelName() + "/versions/" + r.modelVersion());
      System.out.printf("  registry: stage %s, checks %s%n", v.path("stage").asText(), v.path("checks"));
      return 0;
    }
  }
}
