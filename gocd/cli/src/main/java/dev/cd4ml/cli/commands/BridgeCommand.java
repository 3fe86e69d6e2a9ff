package dev.cd4ml.cli.commands;

import dev.cd4ml.cli.bridge.DataBridge;
import dev.cd4ml.cli.bridge.GoCdScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bridge", description = "Schedule the model pipeline in GoCD for every new dataset version on Kafka.")
public class BridgeCommand implements Callable<Integer> {
  @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}") String kafka;
  @Option(names = "--gocd-url", defaultValue = "${env:GOCD_URL:-http://127.0.0.1:8153}") String gocdUrl;
  @Option(names = "--gocd-token", defaultValue = "${env:GOCD_TOKEN}", required = true) String gocdToken;
  @Option(names = "--dataset", defaultValue = "${env:DATASET:-credit}", description = "Only this dataset's versions") String dataset;
  @Option(names = "--pipeline", defaultValue = "cd4ml-model") String pipeline;
  @Option(names = "--group", defaultValue = "cd4ml-gocd-bridge") String group;
  @Option(names = "--state", defaultValue = "${env:CD4ML_BRIDGE_STATE:-bridge-handled-events.txt}",
      description = "File of the event ids already handled") Path state;
  @Option(names = "--max-events", defaultValue = "0", description = "Stop after scheduling this many (0 = run forever)")
  int maxEvents;

  @Override
  public Integer call() throws Exception {
    try (DataBridge bridge = new DataBridge(kafka, group, dataset, pipeline, new GoCdScheduler(gocdUrl, gocdToken), state,
        Duration.ofSeconds(2), 5)) {
      Runtime.getRuntime().addShutdownHook(new Thread(bridge::stop));
      System.out.printf("[bridge] %s: dataset-version.created of %s -> %s/go/api/pipelines/%s/schedule%n", kafka, dataset,
          gocdUrl, pipeline);
      bridge.run(maxEvents);
    }
    return 0;
  }
}
