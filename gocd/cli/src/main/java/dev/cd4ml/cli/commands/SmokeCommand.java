package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "smoke", description = "Smoke test after a promotion: the environment serves the release's version and"
    + " answers predictions for rows of its training data.")
public class SmokeCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--environment", defaultValue = "${env:ENVIRONMENT:-production}") String environment;
  @Option(names = "--rows", defaultValue = "20") int rows;

  @Override
  public Integer call() {
    Release release = Release.read(releaseFile);
    Endpoints e = Endpoints.fromEnv();
    String serving = e.serving(environment);
    JsonNode served = Api.get(serving + "/model");
    if (!release.modelName().equals(served.path("model").asText()) || served.path("version").asInt() != release.modelVersion()) {
      throw new CliFailure(environment + " serves " + served.path("model").asText() + " v" + served.path("version").asText()
          + ", expected " + release.modelName() + " v" + release.modelVersion());
    }
    CheckRows sample = CheckRows.load(e.data(), release.dataset(), release.dataVersion(), served.path("signature"), rows);
    for (Map<String, Object> features : sample.features()) {
      Api.Answer a = Api.tryPostJson(serving + "/predictions", Map.of("features", features), null);
      if (!a.ok() || a.body().path("version").asInt() != release.modelVersion()) {
        throw new CliFailure("smoke prediction failed: " + (a.ok() ? "answered by v" + a.body().path("version").asText()
            : Api.problemLine(a)));
      }
    }
    System.out.printf("[smoke] %s serves %s v%d; %d predictions answered%n", environment, release.modelName(),
        release.modelVersion(), sample.size());
    return 0;
  }
}
