package dev.cd4ml.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner executes what the YAML says, in its order, with GoCD's variables, artifacts and approvals. */
class LocalPipelineRunnerTest {
  @TempDir Path repo;

  private static final String YAML = """
      format_version: 10
      pipelines:
        up:
          group: g
          environment_variables:
            DATA_VERSION: latest
          materials:
            repo:
              git: https://git.example.com/x.git
          stages:
            - make:
                jobs:
                  make:
                    tasks:
                      - exec: {command: sh, arguments: [-c, 'echo "$DATA_VERSION $GO_PIPELINE_NAME $GO_STAGE_NAME" > made.txt']}
                    artifacts:
                      - build: {source: made.txt, destination: out}
        down:
          group: g
          materials:
            up: {pipeline: up, stage: make}
          stages:
            - check:
                jobs:
                  check:
                    tasks:
                      - fetch: {pipeline: up, stage: make, job: make, source: out/made.txt, is_file: true}
                      - exec: {command: sh, arguments: [-c, 'cp made.txt seen.txt; exit 3']}
                      - exec: {command: sh, arguments: [-c, 'echo rolled back > rollback.txt'], run_if: failed}
                    artifacts:
                      - build: {source: seen.txt}
        gated:
          group: g
          materials:
            up: {pipeline: up, stage: make}
          stages:
            - approve:
                approval: {type: manual, roles: [release-managers]}
                jobs:
                  approve:
                    tasks:
                      - exec: {command: sh, arguments: [-c, 'echo "$GO_TRIGGER_USER" > approver.txt']}
      """;

  @Test
  void runsStagesInOrderPassesArtifactsAndRunsFailedOnlyTasksAfterAFailure() throws IOException {
    Files.createDirectories(repo.resolve("gocd"));
    Files.writeString(repo.resolve("gocd/x.gocd.yaml"), YAML);
    GocdConfig config = GocdConfig.load(repo.resolve("gocd"));
    List<String> asked = new ArrayList<>();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    LocalPipelineRunner runner = new LocalPipelineRunner(config, repo, repo.resolve(".run"), Map.of(),
        (pipeline, stage, roles) -> {
          asked.add(pipeline + "/" + stage + " " + roles);
          return "alice";
        }, new PrintStream(log, true, StandardCharsets.UTF_8));

    List<LocalPipelineRunner.RunResult> results = runner.runChain("up", Map.of("DATA_VERSION", "abc123", "UNDECLARED", "x"));

    assertThat(results.get(0)).isEqualTo(new LocalPipelineRunner.RunResult("up", 1, true, null));
    // A job of a pipeline with a git material runs in the checkout (the repo), like a GoCD agent.
    assertThat(Files.readString(repo.resolve("made.txt")).trim()).isEqualTo("abc123 up make");
    // 'down' failed in its only stage: its run_if=failed task ran, its artifact was not published.
    LocalPipelineRunner.RunResult down = results.stream().filter(r -> r.pipeline().equals("down")).findFirst().orElseThrow();
    assertThat(down.passed()).isFalse();
    Path downJob = repo.resolve(".run/pipelines/down/1/check/check");
    assertThat(Files.readString(downJob.resolve("sandbox/seen.txt")).trim()).isEqualTo("abc123 up make");
    assertThat(downJob.resolve("sandbox/rollback.txt")).exists();
    assertThat(downJob.resolve("artifacts/seen.txt")).doesNotExist();
    // The chain stopped at the failure: 'gated' was never asked for.
    assertThat(asked).isEmpty();
  }

  @Test
  void manualApprovalNamesTheApproverAndARefusalStopsThePipeline() throws IOException {
    Files.createDirectories(repo.resolve("gocd"));
    Files.writeString(repo.resolve("gocd/x.gocd.yaml"), YAML.replace("exit 3", "exit 0"));
    GocdConfig config = GocdConfig.load(repo.resolve("gocd"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    LocalPipelineRunner approving = new LocalPipelineRunner(config, repo, repo.resolve(".run"), Map.of(),
        Approver.commandLine("alice"), quiet);
    assertThat(approving.runChain("up", Map.of())).allMatch(LocalPipelineRunner.RunResult::passed).hasSize(3);
    assertThat(Files.readString(repo.resolve(".run/pipelines/gated/1/approve/approve/sandbox/approver.txt")).trim())
        .isEqualTo("alice");

    LocalPipelineRunner refusing = new LocalPipelineRunner(config, repo, repo.resolve(".run"), Map.of(),
        (p, s, r) -> null, quiet);
    List<LocalPipelineRunner.RunResult> second = refusing.runChain("up", Map.of());
    assertThat(second.get(second.size() - 1)).isEqualTo(new LocalPipelineRunner.RunResult("gated", 2, false, "approve"));
    assertThat(repo.resolve(".run/pipelines/gated/2/approve")).doesNotExist();
  }

  /**
   * As on a GoCD server: the approver is GO_TRIGGER_USER only inside the approval stage, so the real
   * {@code cd4ml approval} command records it there and a later stage reads it from the artifact; the
   * same command in a stage that started on its own refuses (it would record "changes").
   */
  @Test
  void theApproverIsTheTriggerUserOnlyInTheApprovalStageAndTravelsAsAnArtifact() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cli = "[-cp, '" + System.getProperty("java.class.path") + "', dev.cd4ml.cli.Cd4ml, approval, --out, approval.json]";
    Files.createDirectories(repo.resolve("gocd"));
    Files.writeString(repo.resolve("gocd/p.gocd.yaml"), """
        format_version: 10
        pipelines:
          up:
            group: g
            materials:
              repo:
                git: https://git.example.com/x.git
            stages:
              - make:
                  jobs:
                    make:
                      tasks:
                        - exec: {command: sh, arguments: [-c, 'echo "$GO_TRIGGER_USER" > up-trigger.txt; echo "{\\"modelName\\":\\"m\\",\\"modelVersion\\":7}" > release.json']}
                      artifacts:
                        - build: {source: release.json}
          prod:
            group: g
            materials:
              up: {pipeline: up, stage: make}
            stages:
              - approve:
                  approval: {type: manual, roles: [release-managers]}
                  jobs:
                    approve:
                      tasks:
                        - fetch: {pipeline: up, stage: make, job: make, source: release.json, is_file: true}
                        - exec: {command: JAVA, arguments: CLI}
                      artifacts:
                        - build: {source: approval.json}
              - promote:
                  jobs:
                    promote:
                      tasks:
                        - fetch: {stage: approve, job: approve, source: approval.json, is_file: true}
                        - exec: {command: sh, arguments: [-c, 'echo "$GO_TRIGGER_USER" > trigger.txt; cp approval.json seen.json']}
              - late:
                  jobs:
                    late:
                      tasks:
                        - fetch: {pipeline: up, stage: make, job: make, source: release.json, is_file: true}
                        - exec: {command: JAVA, arguments: CLI}
        """.replace("JAVA", java).replace("CLI", cli));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    LocalPipelineRunner runner = new LocalPipelineRunner(GocdConfig.load(repo.resolve("gocd")), repo, repo.resolve(".run"),
        Map.of("GO_TRIGGER_USER", "bob"), Approver.commandLine("alice"), new PrintStream(log, true, StandardCharsets.UTF_8));

    List<LocalPipelineRunner.RunResult> results = runner.runChain("up", Map.of());

    // Whoever triggered the chain is the first pipeline's trigger user; downstream GoCD starts it as "changes".
    assertThat(Files.readString(repo.resolve("up-trigger.txt")).trim()).isEqualTo("bob");
    Path run = repo.resolve(".run/pipelines/prod/1");
    var approval = dev.cd4ml.cli.Api.JSON.readTree(run.resolve("promote/promote/sandbox/seen.json").toFile());
    assertThat(approval.path("approvedBy").asText()).as(log.toString()).isEqualTo("alice");
    assertThat(approval.path("stage").asText()).isEqualTo("approve");
    assertThat(approval.path("modelVersion").asInt()).isEqualTo(7);
    assertThat(Files.readString(run.resolve("promote/promote/sandbox/trigger.txt")).trim()).isEqualTo("changes");
    // The approval command outside the approval stage refuses rather than record "changes" as the approver.
    assertThat(results.get(results.size() - 1)).isEqualTo(new LocalPipelineRunner.RunResult("prod", 1, false, "late"));
    assertThat(log.toString()).contains("no approver: GO_TRIGGER_USER is 'changes'");
  }

  @Test
  void aRunnerInterruptedMidTaskStopsItsProcessAndRunsNothingAfter() throws Exception {
    Files.createDirectories(repo.resolve("gocd"));
    Files.writeString(repo.resolve("gocd/slow.gocd.yaml"), """
        format_version: 10
        pipelines:
          slow:
            group: g
            materials:
              repo:
                git: https://git.example.com/x.git
            stages:
              - wait:
                  jobs:
                    wait:
                      tasks:
                        - exec: {command: sh, arguments: [-c, 'echo $$ > task.pid; sleep 60; echo late > late.txt']}
                        - exec: {command: sh, arguments: [-c, 'echo rolled back > rollback.txt'], run_if: failed}
        """);
    LocalPipelineRunner runner = new LocalPipelineRunner(GocdConfig.load(repo.resolve("gocd")), repo,
        repo.resolve(".run"), Map.of(), (pipeline, stage, roles) -> "alice",
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    List<List<LocalPipelineRunner.RunResult>> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> results.add(runner.runChain("slow", Map.of())));
    t.start();
    Path pidFile = repo.resolve("task.pid");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid)).isPresent();

    t.interrupt();
    t.join(10_000);

    assertThat(t.isAlive()).isFalse();
    assertThat(results.get(0).get(0).passed()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(repo.resolve("rollback.txt")).doesNotExist(); // stopping is not a failure to roll back from
    assertThat(repo.resolve("late.txt")).doesNotExist();
  }
}
