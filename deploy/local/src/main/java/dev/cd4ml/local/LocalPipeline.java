package dev.cd4ml.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Images;
import dev.cd4ml.cli.bridge.DataBridge;
import dev.cd4ml.cli.bridge.PipelineScheduler;
import dev.cd4ml.cli.pipeline.Approver;
import dev.cd4ml.cli.pipeline.GocdConfig;
import dev.cd4ml.cli.pipeline.LocalPipelineRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CD4ML pipeline on the local platform: the stages and tasks of gocd/*.gocd.yaml run by the
 * local runner, once at start and again for every new dataset version (the data bridge schedules
 * the runner instead of GoCD).
 */
final class LocalPipeline implements AutoCloseable {
  private final Layout layout;
  private final LocalPipelineRunner runner;
  private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> new Thread(r, "local-pipeline"));
  private final Set<String> released = ConcurrentHashMap.newKeySet();
  private final LocalKeycloak.ReleaseManagerSession releaseManager;
  private DataBridge bridge;
  private Thread bridgeThread;

  LocalPipeline(Path repo, Layout layout, Approver approver, String codeRevision) {
    this.layout = layout;
    LocalKeycloak identities = layout.identities();
    this.releaseManager = new LocalKeycloak.ReleaseManagerSession(identities);
    // What the platform itself writes (the first data version) it writes as the pipeline.
    identities.actAsPipeline();
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putAll(layout.pipelineEnv(codeRevision, releaseManager.file()));
    // cd4ml-build does not run here; of its artifacts, images.json is what its images task would write for the
    // local build: the services' images named by this code revision (none is pushed, so no digests).
    Images.of(repo, null, "cd4ml", codeRevision, false).write(repo.resolve("target/images.json"));
    this.runner = new LocalPipelineRunner(GocdConfig.load(repo.resolve("gocd")), repo, layout.runDir(), env,
        releaseManagerApproves(approver), System.out);
  }

  /**
   * Locally the approver acts as the realm's release manager: with the production approval they sign in
   * (demo-release-manager, password grant), and the production pipeline's stage changes carry their token.
   */
  private Approver releaseManagerApproves(Approver approver) {
    return (pipeline, stage, roles) -> {
      String approvedBy = approver.approve(pipeline, stage, roles);
      if (approvedBy != null && pipeline.equals("cd4ml-production")) {
        releaseManager.signIn();
        System.out.printf("[platform] %s approved as the release manager: %s signed in (token in %s)%n", approvedBy,
            LocalKeycloak.RELEASE_MANAGER, releaseManager.file());
      }
      return approvedBy;
    };
  }

  /**
   * The version to run the pipeline on. The user's file ({@code --data}) is uploaded (the same bytes again are
   * the same version); data-service refusing it stops the platform with its problem, and nothing is stored. A
   * platform on the demo data with no data yet gets version 1 of the demo dataset.
   */
  String latestDataVersion() {
    LocalData data = layout.workload();
    String base = Layout.url(layout.data()) + "/datasets/" + data.dataset() + "/versions";
    if (!data.isDemo()) {
      System.out.println("[platform] uploading " + data.file() + " as dataset " + data.dataset() + " (label "
          + data.label() + ")");
      JsonNode v;
      try {
        v = Api.postFile(base + dev.cd4ml.cli.commands.DataCommand.query(data.uploadQuery()), data.file(), "text/csv");
      } catch (CliFailure e) {
        throw new CliFailure("data-service refused " + data.file().getFileName() + ", nothing was stored: " + e.getMessage());
      }
      System.out.printf("[platform] %s v%d (%s): %d rows, %d columns%n", data.dataset(), v.path("number").asInt(),
          v.path("id").asText(), v.path("rows").asLong(), v.path("schema").path("columns").size());
      return v.path("id").asText();
    }
    Api.Answer latest = Api.tryGet(base + "/latest");
    if (latest.status() == 404) {
      System.out.println("[platform] no dataset yet: generating " + data.dataset() + " v1 (20,000 rows, seed 1)");
      return Api.postEmpty(base + "/generated?rows=20000&seed=1&drift=0").path("id").asText();
    }
    if (!latest.ok()) {
      throw new CliFailure("data-service: " + Api.problemLine(latest));
    }
    return latest.body().path("id").asText();
  }

  /** Runs cd4ml-model → cd4ml-test → cd4ml-production for one data version; true when all passed. */
  boolean run(String dataVersion) {
    released.add(dataVersion);
    List<LocalPipelineRunner.RunResult> results = runner.runChain("cd4ml-model",
        layout.workload().pipelineVariables(dataVersion));
    LocalPipelineRunner.RunResult last = results.get(results.size() - 1);
    System.out.printf("[platform] pipeline for data %s: %s%n", dataVersion.substring(0, Math.min(12, dataVersion.length())),
        last.passed() ? "released to production" : last.pipeline() + " stopped at " + last.stoppedAt());
    return last.passed() && results.size() == 3;
  }

  /** New dataset versions run the pipeline, one run at a time, each version once. */
  void startBridge() throws IOException {
    PipelineScheduler scheduler = (pipeline, variables) -> {
      String version = variables.get("DATA_VERSION");
      if (released.add(version)) {
        runs.submit(() -> run(version));
      }
      return PipelineScheduler.Outcome.SCHEDULED;
    };
    Files.createDirectories(layout.runDir());
    bridge = new DataBridge("127.0.0.1:" + layout.kafka(), "cd4ml-local-bridge", layout.workload().dataset(), "cd4ml-model", scheduler,
        layout.runDir().resolve("bridge-handled-events.txt"), new DataBridge.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    bridgeThread = new Thread(() -> {
      try {
        bridge.run(0);
      } catch (Exception e) {
        System.err.println("[platform] data bridge stopped: " + e.getMessage());
      }
    }, "data-bridge");
    bridgeThread.setDaemon(true);
    bridgeThread.start();
  }

  /** A curl that works against production serving: a real row of the dataset, in the model's signature. */
  String exampleCurl() {
    String serving = Layout.url(layout.servingProduction());
    JsonNode model = Api.get(serving + "/model");
    JsonNode features = Api.JSON.valueToTree(dev.cd4ml.cli.commands.Rows.first(Layout.url(layout.data()), layout.workload().dataset(),
        model.path("signature")));
    return "curl -s -X POST " + serving + "/predictions -H 'Content-Type: application/json' -d '"
        + Api.write(Map.of("features", features)) + "'";
  }

  @Override
  public void close() {
    releaseManager.close();
    if (bridge != null) {
      bridge.stop();
      try {
        bridgeThread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      bridge.close();
    }
    runs.shutdownNow(); // interrupts a running pipeline: its current task's processes are destroyed
    try {
      runs.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
