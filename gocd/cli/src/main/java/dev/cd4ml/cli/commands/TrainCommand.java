package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Start a training run, show its progress until it ends, write it to --out.")
public class TrainCommand implements Callable<Integer> {
  static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  @Option(names = "--dataset", defaultValue = "${env:DATASET}", description = "Required (or DATASET)") String dataset;
  @Option(names = "--data-version", defaultValue = "${env:DATA_VERSION:-latest}", description = "sha256 id, number or latest")
  String dataVersion;
  @Option(names = "--algorithm", defaultValue = "${env:ALGORITHM:-cart}", description = "cart | random-forest") String algorithm;
  @Option(names = "--seed", defaultValue = "${env:SEED:-42}") long seed;
  @Option(names = "--param", description = "Trainer parameter, e.g. --param maxDepth=8") Map<String, String> params;
  @Option(names = "--model-name", defaultValue = "${env:MODEL_NAME}", description = "Default: the dataset's name")
  String modelName;
  @Option(names = "--register", description = "Register right away (the pipeline registers after its gate instead)")
  boolean register;
  @Option(names = "--out", defaultValue = "run.json") Path out;
  @Option(names = "--timeout", defaultValue = "PT30M") Duration timeout;

  @Override
  public Integer call() throws Exception {
    String base = Endpoints.fromEnv().training();
    dataset = DataCommand.required(dataset);
    modelName = modelName == null || modelName.isBlank() ? dataset : modelName;
    ObjectNode body = Api.object()
        .put("dataset", dataset).put("dataVersion", dataVersion).put("algorithm", algorithm).put("seed", seed)
        .put("modelName", modelName).put("register", register);
    ObjectNode p = body.putObject("params");
    if (params != null) {
      params.forEach((k, v) -> p.set(k, number(v)));
    }
    String revision = Pipeline.codeRevision();
    if (revision != null) {
      body.put("codeRevision", revision);
    }
    body.putObject("tags").put("pipeline", Pipeline.label());
    JsonNode run = Api.postJson(base + "/training-runs", body, null);
    String id = run.path("id").asText();
    System.out.printf("[train] run %s on %s@%s (%s, seed %d)%n", id, dataset, dataVersion, algorithm, seed);
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastLine = "";
    while (!TERMINAL.contains(run.path("status").asText())) {
      if (System.nanoTime() > deadline) {
        throw new CliFailure("training run " + id + " still " + run.path("status").asText() + " after " + timeout);
      }
      Thread.sleep(500);
      run = Api.get(base + "/training-runs/" + id);
      JsonNode progress = run.path("progress");
      String line = String.format("[train] %s %d%% (%d rows loaded)", run.path("status").asText(),
          progress.path("percent").asInt(), progress.path("rowsLoaded").asLong());
      if (!line.equals(lastLine)) {
        System.out.println(line);
        lastLine = line;
      }
    }
    write(run);
    if (!"succeeded".equals(run.path("status").asText())) {
      throw new CliFailure("training run " + id + " " + run.path("status").asText() + " in phase "
          + run.path("failure").path("phase").asText("?") + ": " + run.path("failure").path("reason").asText("no reason given"));
    }
    System.out.printf("[train] succeeded: accuracy %.4f, macroF1 %.4f -> %s%n",
        run.path("metrics").path("accuracy").asDouble(), run.path("metrics").path("macroF1").asDouble(), out);
    return 0;
  }

  private void write(JsonNode run) throws IOException {
    Api.JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), run);
  }

  static JsonNode number(String v) {
    try {
      return Api.JSON.getNodeFactory().numberNode(Long.parseLong(v));
    } catch (NumberFormatException notLong) {
      try {
        return Api.JSON.getNodeFactory().numberNode(Double.parseDouble(v));
      } catch (NumberFormatException notDouble) {
        return Api.JSON.getNodeFactory().textNode(v);
      }
    }
  }
}
