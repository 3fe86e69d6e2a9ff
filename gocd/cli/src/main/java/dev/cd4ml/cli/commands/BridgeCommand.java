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
  @Option(names = "--dataset", defaultValue = "${env:DATASET}",
      description = "Only these datasets' versions (comma-separated); default: every dataset's uploaded versions") String dataset;
  @Option(names = "--pipeline", defaultValue = "cd4ml-model") String pipeline;
  @Option(names = "--group", defaultValue = "cd4ml-gocd-bridge") String group;
  @Option(names = "--state", defaultValue = "${env:CD4ML_BRIDGE_STATE:-bridge-handled-events.txt}",
      description = "File of the event ids already handled") Path state;
  @Option(names = "--max-events", defaultValue = "0", description = "Stop after scheduling this many (0 = run forever)")
  int maxEvents;
  @Option(names = "--retry-initial", defaultValue = "${env:CD4ML_BRIDGE_RETRY_INITIAL:-PT1S}",
      description = "First wait before scheduling an event again while GoCD is away or failing; doubled each time")
  Duration retryInitial;
  @Option(names = "--retry-max", defaultValue = "${env:CD4ML_BRIDGE_RETRY_MAX:-PT1M}",
      description = "Longest wait between two attempts (the bridge retries for as long as GoCD is away)")
  Duration retryMax;
  @Option(names = "--request-timeout", defaultValue = "${env:CD4ML_BRIDGE_REQUEST_TIMEOUT:-PT30S}",
      description = "How long one call to GoCD may take before it counts as a failed attempt")
  Duration requestTimeout;

  @Override
  public Integer call() throws Exception {
    try (DataBridge bridge = new DataBridge(kafka, group, dataset, pipeline,
        new GoCdScheduler(gocdUrl, gocdToken, requestTimeout), state, new DataBridge.Backoff(retryInitial, retryMax))) {
      Runtime.getRuntime().addShutdownHook(new Thread(bridge::stop));
      System.out.printf("[bridge] %s: dataset-version.created of %s -> %s/go/api/pipelines/%s/schedule (retry %s..%s)%n",
          kafka, dataset == null ? "every dataset" : dataset, gocdUrl, pipeline, retryInitial, retryMax);
      bridge.run(maxEvents);
      DataBridge.Stats stats = bridge.stats();
      System.out.printf("[bridge] stopped: %d scheduled, %d refused by GoCD, %d attempts retried%n", stats.scheduled(),
          stats.refused(), stats.retries());
    }
    return 0;
  }
}
