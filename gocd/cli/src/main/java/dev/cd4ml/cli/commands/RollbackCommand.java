package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Promote the production version that preceded the release back to production.")
public class RollbackCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    JsonNode history = Api.get(Endpoints.fromEnv().registry() + "/models/" + release.modelName() + "/history");
    Integer previous = previousProduction(history, release.modelVersion());
    if (previous == null) {
      throw new CliFailure("no earlier production version of " + release.modelName() + " to roll back to");
    }
    PromoteCommand.promote(release.modelName(), previous, "production",
        "rollback: smoke test of v" + release.modelVersion() + " failed (" + Pipeline.label() + ")");
    PromoteCommand.awaitServed(Endpoints.fromEnv().serving("production"), release.modelName(), previous,
        java.time.Duration.ofSeconds(90));
    return 0;
  }

  /** The latest version other than {@code failed} that entered production, from the audit trail (any order). */
  static Integer previousProduction(JsonNode history, int failed) {
    List<JsonNode> toProduction = new ArrayList<>();
    for (JsonNode entry : history) {
      if ("production".equals(entry.path("to").asText()) && entry.path("version").asInt() != failed) {
        toProduction.add(entry);
      }
    }
    return toProduction.stream()
        .max((a, b) -> a.path("at").asText().compareTo(b.path("at").asText()))
        .map(entry -> entry.path("version").asInt())
        .orElse(null);
  }
}
