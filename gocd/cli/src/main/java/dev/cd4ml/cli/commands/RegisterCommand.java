package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Images;
import dev.cd4ml.cli.Release;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "register", description = "Register the run's model with its lineage; write the release candidate.")
public class RegisterCommand implements Callable<Integer> {
  @Option(names = "--run", defaultValue = "run.json") Path runFile;
  @Option(names = "--out", defaultValue = "release.json") Path out;
  @Option(names = "--timeout", defaultValue = "PT2M") Duration timeout;
  @Option(names = "--images", description = "images.json of the build (cd4ml images): the release carries these images")
  Path imagesFile;

  @Override
  public Integer call() throws Exception {
    Endpoints endpoints = Endpoints.fromEnv();
    String id = Api.JSON.readTree(runFile.toFile()).path("id").asText();
    JsonNode run = Api.postEmpty(endpoints.training() + "/training-runs/" + id + "/registration");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!"registered".equals(run.path("registration").path("state").asText())) {
      String state = run.path("registration").path("state").asText();
      if ("rejected".equals(state)) {
        throw new CliFailure("registry rejected the model of run " + id + ": " + run.path("registration").path("lastError").asText());
      }
      if (System.nanoTime() > deadline) {
        throw new CliFailure("model of run " + id + " still " + state + " after " + timeout + ": "
            + run.path("registration").path("lastError").asText(""));
      }
      Thread.sleep(500);
      run = Api.get(endpoints.training() + "/training-runs/" + id);
    }
    String model = run.path("registration").path("modelName").asText();
    int version = run.path("registration").path("modelVersion").asInt();
    JsonNode registered = Api.get(endpoints.registry() + "/models/" + model + "/versions/" + version);
    JsonNode lineage = registered.path("lineage");
    Release release = new Release(lineage.path("codeRevision").asText(null), lineage.path("dataset").asText(),
        lineage.path("dataVersion").asText(), model, version,
        Api.JSON.convertValue(lineage.path("metrics"), new TypeReference<Map<String, Double>>() {}),
        id, lineage.path("algorithm").asText(null),
        Api.JSON.convertValue(lineage.path("params"), new TypeReference<Map<String, Object>>() {}),
        lineage.hasNonNull("seed") ? lineage.get("seed").asLong() : null, Pipeline.label());
    if (imagesFile != null) {
      release = release.withImages(Images.read(imagesFile));
    }
    release.write(out);
    System.out.printf("[register] %s v%d (data %s@%s, code %s, %d images) -> %s%n", model, version, release.dataset(),
        release.dataVersion(), release.codeRevision(), release.images().size(), out);
    return 0;
  }
}
