package dev.cd4ml.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cd4ml.cli.Cd4ml;
import dev.cd4ml.cli.pipeline.GocdConfig.JobDef;
import dev.cd4ml.cli.pipeline.GocdConfig.PipelineDef;
import dev.cd4ml.cli.pipeline.GocdConfig.StageDef;
import dev.cd4ml.cli.pipeline.GocdConfig.TaskDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The real pipeline files: structure, approvals, variables, and that every task's command exists. */
class GocdPipelinesTest {
  static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  static final Path GOCD = REPO.resolve("gocd");
  final GocdConfig config = GocdConfig.load(GOCD);

  @Test
  void theFourPipelinesHaveTheirStagesInOrder() {
    assertThat(config.pipelines().keySet()).containsExactlyInAnyOrder("cd4ml-build", "cd4ml-model", "cd4ml-test", "cd4ml-production");
    assertThat(stages("cd4ml-build")).containsExactly("build");
    assertThat(stages("cd4ml-model")).containsExactly("train", "gate", "register");
    assertThat(stages("cd4ml-test")).containsExactly("deploy", "acceptance");
    assertThat(stages("cd4ml-production")).containsExactly("approve", "canary", "analysis", "smoke");
    assertThat(config.chainFrom("cd4ml-build").stream().map(PipelineDef::name))
        .containsExactly("cd4ml-build", "cd4ml-model", "cd4ml-test", "cd4ml-production");
  }

  @Test
  void productionStartsWithAManualApprovalRestrictedToARole() {
    StageDef approve = config.pipeline("cd4ml-production").stages().get(0);
    assertThat(approve.approval()).isNotNull();
    assertThat(approve.approval().type()).isEqualTo("manual");
    assertThat(approve.approval().roles()).containsExactly("release-managers");
    config.pipelines().values().forEach(p -> p.stages().stream().filter(s -> s != approve)
        .forEach(s -> assertThat(s.approval()).as(p.name() + "/" + s.name() + " is automatic").isNull()));
  }

  /** Two candidates never share staging or the production slot: GoCD runs one instance of each at a time. */
  @Test
  void theTestAndProductionPipelinesAreLocked() {
    config.pipelines().values().forEach(p -> assertThat(p.lockBehavior()).as(p.name() + " lock_behavior")
        .isIn("none", "lockOnFailure", "unlockWhenFinished"));
    for (String locked : List.of("cd4ml-test", "cd4ml-production")) {
      assertThat(config.pipeline(locked).lockBehavior()).as(locked).isIn("lockOnFailure", "unlockWhenFinished");
    }
  }

  /**
   * On a GoCD server only the approval stage's GO_TRIGGER_USER names the approver: that stage records
   * it ({@code cd4ml approval --out F}) and publishes F, and every task that moves the candidate into
   * canary or production (the canary stage; the analysis, which promotes canary -> production) fetches
   * F and passes it ({@code --approval F}).
   */
  @Test
  void theCanaryAndTheProductionPromotionRecordTheApproverFromTheApprovalStage() {
    PipelineDef production = config.pipeline("cd4ml-production");
    List<String> carrying = new ArrayList<>();
    for (StageDef s : production.stages()) {
      for (JobDef j : s.jobs()) {
        for (TaskDef t : j.tasks()) {
          if (!"exec".equals(t.kind()) || !movesTheCandidate(t.arguments())) {
            continue;
          }
          List<String> args = t.arguments();
          assertThat(args).as(s.name() + " passes the approval record").contains("--approval");
          String file = args.get(args.indexOf("--approval") + 1);
          TaskDef fetch = j.tasks().stream().filter(f -> "fetch".equals(f.kind()) && f.source().equals(file)).findFirst()
              .orElseThrow(() -> new AssertionError(s.name() + " fetches no " + file));
          StageDef approving = production.stages().stream().filter(a -> a.name().equals(fetch.stage())).findFirst().orElseThrow();
          assertThat(fetch.pipeline()).as("the approval of this very run").isNull();
          assertThat(approving.approval()).as(approving.name() + " carries the manual approval").isNotNull();
          assertThat(production.stages().indexOf(approving)).isLessThan(production.stages().indexOf(s));
          JobDef recorder = job("cd4ml-production", approving.name(), fetch.job());
          assertThat(recorder.tasks()).as("the approval stage records the approver")
              .anyMatch(r -> r.arguments().contains("approval") && r.arguments().get(r.arguments().indexOf("--out") + 1)
                  .equals(file));
          carrying.add(s.name() + ":" + args.get(2));
        }
      }
    }
    assertThat(carrying).containsExactly("canary:canary", "analysis:canary-analysis");
  }

  /** The canary comes before the analysis that judges it; a failed stage frees the canary slot. */
  @Test
  void theProductionPipelineAbortsAFailedCanary() {
    assertThat(config.pipeline("cd4ml-production").environment()).containsEntry("CANARY_WEIGHT", "10")
        .containsKeys("CANARY_PREDICTIONS", "CANARY_MINUTES", "CANARY_TIMEOUT");
    for (String stage : List.of("canary", "analysis")) {
      assertThat(job("cd4ml-production", stage, stage).tasks()).as(stage)
          .anyMatch(t -> "failed".equals(t.runIf()) && t.arguments().contains("canary") && t.arguments().contains("--abort"));
    }
  }

  /** Puts the release's version into canary or production: carries the approver. */
  private static boolean movesTheCandidate(List<String> args) {
    if (args.size() < 3) {
      return false;
    }
    String command = args.get(2);
    return (command.equals("promote") && args.contains("production")) || (command.equals("canary") && !args.contains("--abort"))
        || (command.equals("canary-analysis") && !args.contains("--no-promote"));
  }

  @Test
  void theModelPipelineDeclaresDataVersionWithADefault() {
    Map<String, String> env = config.pipeline("cd4ml-model").environment();
    assertThat(env).containsEntry("DATA_VERSION", "latest").containsKeys("DATASET", "MODEL_NAME");
  }

  @Test
  void everyExecTaskIsOneExistingCommandWithValidOptions() {
    CommandLine cli = new CommandLine(new Cd4ml());
    for (PipelineDef p : config.pipelines().values()) {
      for (StageDef s : p.stages()) {
        for (JobDef j : s.jobs()) {
          for (TaskDef t : j.tasks()) {
            if (!"exec".equals(t.kind())) {
              continue;
            }
            String where = p.name() + "/" + s.name() + "/" + j.name();
            if ("java".equals(t.command())) {
              // The build runs the CLI it has just built; every later pipeline the one it fetched from the build.
              assertThat(t.arguments().subList(0, 2)).as(where)
                  .containsExactly("-jar", p.hasGitMaterial() ? "gocd/cli/target/cd4ml-cli.jar" : "cli/cd4ml-cli.jar");
              String[] args = t.arguments().subList(2, t.arguments().size()).toArray(String[]::new);
              // Parsing proves the subcommand and every option exist; nothing runs.
              CommandLine.ParseResult parsed = cli.parseArgs(args);
              assertThat(parsed.hasSubcommand()).as(where + " names a subcommand").isTrue();
            } else {
              assertThat(REPO.resolve(t.command())).as(where + ": " + t.command()).isExecutable();
            }
            assertThat(t.command()).as(where + ": no logic hidden in a shell").isNotIn("sh", "bash", "/bin/sh", "/bin/bash");
          }
        }
      }
    }
  }

  @Test
  void everyFetchFindsAnArtifactItsSourceJobPublishes() {
    for (PipelineDef p : config.pipelines().values()) {
      for (StageDef s : p.stages()) {
        for (JobDef j : s.jobs()) {
          for (TaskDef t : j.tasks()) {
            if (!"fetch".equals(t.kind())) {
              continue;
            }
            String[] path = t.pipeline() == null ? new String[] {p.name()} : t.pipeline().split("/");
            // The path runs from the ancestor down to this pipeline's direct upstream.
            if (path.length > 1 || !path[0].equals(p.name())) {
              assertThat(p.upstreamPipelines()).as(p.name() + " fetch " + t.pipeline()).contains(path[path.length - 1]);
            }
            JobDef source = job(path[0], t.stage(), t.job());
            assertThat(source.artifacts().stream().map(a -> a.destination() == null
                    ? Path.of(a.source()).getFileName().toString()
                    : a.destination() + "/" + Path.of(a.source()).getFileName()))
                .as(p.name() + " fetches " + t.source() + " from " + t.pipeline()).contains(t.source());
          }
        }
      }
    }
  }

  /**
   * The build tags the five images with its own code revision (GoCD's GO_REVISION_REPO: no --revision),
   * pushes them and publishes their digests (images.json) and the manifests (deploy/k8s).
   */
  @Test
  void theBuildPublishesImagesTaggedWithItsRevisionAndTheManifests() {
    PipelineDef build = config.pipeline("cd4ml-build");
    assertThat(build.materials()).extracting(GocdConfig.MaterialDef::name).as("GO_REVISION_REPO names the revision")
        .containsExactly("repo");
    JobDef job = job("cd4ml-build", "build", "build");
    List<String> commands = job.tasks().stream().map(t -> t.command() + " " + String.join(" ", t.arguments())).toList();
    int tests = commands.indexOf(".ci/run ");
    TaskDef images = job.tasks().stream().filter(t -> t.arguments().contains("images")).findFirst()
        .orElseThrow(() -> new AssertionError("the build builds no images"));
    assertThat(job.tasks().indexOf(images)).as("images only from code that passed every test").isGreaterThan(tests);
    CommandLine.ParseResult parsed = new CommandLine(new Cd4ml()).parseArgs(
        images.arguments().subList(2, images.arguments().size()).toArray(String[]::new));
    CommandLine.ParseResult sub = parsed.subcommand();
    assertThat(sub.hasMatchedOption("--push")).as("pushed, so each is pinned to its digest").isTrue();
    assertThat(sub.hasMatchedOption("--revision")).as("tagged with the material's revision").isFalse();
    Path out = sub.matchedOptionValue("--out", Path.of("images.json"));
    assertThat(job.artifacts()).extracting(GocdConfig.ArtifactDef::source).contains(out.toString(), "deploy/k8s");
  }

  /** Nothing is released (no images) unless every pact of the build passed its provider's verification. */
  @Test
  void theBuildAsksCanIDeployBeforeItReleasesAndPublishesThePacts() {
    JobDef job = job("cd4ml-build", "build", "build");
    List<String> commands = job.tasks().stream().map(t -> t.command() + " " + String.join(" ", t.arguments())).toList();
    int tests = commands.indexOf(".ci/run ");
    TaskDef canIDeploy = job.tasks().stream().filter(t -> t.arguments().contains("can-i-deploy")).findFirst()
        .orElseThrow(() -> new AssertionError("the build does not ask can-i-deploy"));
    TaskDef images = job.tasks().stream().filter(t -> t.arguments().contains("images")).findFirst().orElseThrow();
    assertThat(job.tasks().indexOf(canIDeploy)).isGreaterThan(tests).isLessThan(job.tasks().indexOf(images));
    CommandLine.ParseResult sub = new CommandLine(new Cd4ml()).parseArgs(
        canIDeploy.arguments().subList(2, canIDeploy.arguments().size()).toArray(String[]::new)).subcommand();
    assertThat(sub.matchedOptionValue("--pacts", Path.of(""))).isEqualTo(Path.of("target/pacts"));
    assertThat(sub.matchedOptionValue("--results", Path.of(""))).isEqualTo(Path.of("target/pact-results"));
    assertThat(job.artifacts()).extracting(GocdConfig.ArtifactDef::source).contains("target/pact*");
  }

  /** register puts the build's images into release.json: the images fetched from cd4ml-build. */
  @Test
  void theReleaseCarriesTheBuildsImages() {
    JobDef register = job("cd4ml-model", "register", "register");
    TaskDef task = register.tasks().stream().filter(t -> t.arguments().contains("register")).findFirst().orElseThrow();
    String file = task.arguments().get(task.arguments().indexOf("--images") + 1);
    assertThat(register.tasks()).as("fetched from the build")
        .anyMatch(f -> "fetch".equals(f.kind()) && file.equals(f.source()) && "cd4ml-build".equals(f.pipeline()));
  }

  /**
   * Test and production deploy the release's images through their own overlay, from the manifests
   * fetched from the build, before any acceptance, promotion or smoke test there; production only
   * once approved.
   */
  @Test
  void testAndProductionDeployTheReleasesCodeBeforeTheirTests() {
    for (String[] env : List.of(new String[] {"cd4ml-test", "test"}, new String[] {"cd4ml-production", "production"})) {
      PipelineDef p = config.pipeline(env[0]);
      List<TaskDef> tasks = new ArrayList<>();
      List<StageDef> stageOf = new ArrayList<>();
      for (StageDef s : p.stages()) {
        for (JobDef j : s.jobs()) {
          for (TaskDef t : j.tasks()) {
            tasks.add(t);
            stageOf.add(s);
          }
        }
      }
      int deploy = -1;
      for (int i = 0; i < tasks.size(); i++) {
        if (tasks.get(i).arguments().contains("deploy")) {
          deploy = i;
        }
      }
      assertThat(deploy).as(env[0] + " deploys").isNotNegative();
      List<String> args = tasks.get(deploy).arguments();
      assertThat(args.get(args.indexOf("--environment") + 1)).isEqualTo(env[1]);
      String manifests = args.get(args.indexOf("--k8s") + 1);
      assertThat(tasks.subList(0, deploy)).as(env[0] + " fetches the build's manifests")
          .anyMatch(f -> "fetch".equals(f.kind()) && manifests.equals(f.source()) && "build".equals(f.stage()));
      for (int i = 0; i < deploy; i++) {
        assertThat(tasks.get(i).arguments()).as(env[0] + ": nothing is tested or promoted before the deploy")
            .doesNotContain("acceptance", "smoke", "promote", "canary", "canary-analysis");
      }
      StageDef approval = p.stages().stream().filter(s -> s.approval() != null).findFirst().orElse(null);
      if ("production".equals(env[1])) {
        assertThat(approval).isNotNull();
        assertThat(p.stages().indexOf(stageOf.get(deploy))).as("production deploys once approved")
            .isGreaterThanOrEqualTo(p.stages().indexOf(approval));
      }
    }
  }

  @Test
  void dependencyMaterialsPointAtExistingStages() {
    for (PipelineDef p : config.pipelines().values()) {
      p.materials().stream().filter(m -> m.pipeline() != null).forEach(m ->
          assertThat(stages(m.pipeline())).as(p.name() + " depends on " + m.pipeline() + "/" + m.stage()).contains(m.stage()));
    }
  }

  /** Only keys the GoCD YAML config plugin knows, at each level, so the server accepts the files. */
  @Test
  void filesUseOnlyKeysTheGocdYamlPluginKnows() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> unknown = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GOCD)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".gocd.yaml")).toList()) {
        JsonNode root = yaml.readTree(f.toFile());
        check(root, Set.of("format_version", "pipelines", "environments", "common"), f + ":", unknown);
        for (Iterator<Map.Entry<String, JsonNode>> ps = root.path("pipelines").fields(); ps.hasNext(); ) {
          var p = ps.next();
          String at = f.getFileName() + ":" + p.getKey();
          check(p.getValue(), Set.of("group", "label_template", "lock_behavior", "display_order", "template", "parameters",
              "materials", "stages", "environment_variables", "secure_variables", "tracking_tool", "timer"), at, unknown);
          p.getValue().path("materials").fields().forEachRemaining(m -> check(m.getValue(), m.getValue().has("git")
              ? Set.of("git", "branch", "shallow_clone", "auto_update", "destination", "blacklist", "whitelist", "ignore",
                  "includes", "username", "encrypted_password")
              : Set.of("pipeline", "stage", "ignore_for_scheduling"), at + "/" + m.getKey(), unknown));
          for (JsonNode stageItem : p.getValue().path("stages")) {
            var stage = stageItem.fields().next();
            String sat = at + "/" + stage.getKey();
            check(stage.getValue(), Set.of("fetch_materials", "keep_artifacts", "clean_workspace", "approval",
                "environment_variables", "secure_variables", "jobs", "tasks"), sat, unknown);
            if (stage.getValue().path("approval").isObject()) {
              check(stage.getValue().get("approval"), Set.of("type", "users", "roles", "allow_only_on_success"), sat, unknown);
            }
            stage.getValue().path("jobs").fields().forEachRemaining(job -> {
              String jat = sat + "/" + job.getKey();
              check(job.getValue(), Set.of("timeout", "run_instances", "environment_variables", "secure_variables", "resources",
                  "artifacts", "tabs", "tasks", "elastic_profile_id"), jat, unknown);
              for (JsonNode task : job.getValue().path("tasks")) {
                var t = task.fields().next();
                Set<String> keys = switch (t.getKey()) {
                  case "exec" -> Set.of("command", "arguments", "working_directory", "run_if", "on_cancel");
                  case "fetch" -> Set.of("pipeline", "stage", "job", "source", "is_file", "destination", "run_if", "artifact_origin");
                  default -> Set.of();
                };
                check(t.getValue(), keys, jat + "/" + t.getKey(), unknown);
                String runIf = t.getValue().path("run_if").asText("passed");
                assertThat(runIf).as(jat).isIn("passed", "failed", "any");
              }
              for (JsonNode artifact : job.getValue().path("artifacts")) {
                var a = artifact.fields().next();
                assertThat(a.getKey()).as(jat).isIn("build", "test", "external");
                check(a.getValue(), Set.of("source", "destination"), jat + "/artifact", unknown);
              }
            });
          }
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  private static void check(JsonNode node, Set<String> allowed, String at, List<String> unknown) {
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        unknown.add(at + ": " + k);
      }
    });
  }

  private List<String> stages(String pipeline) {
    return config.pipeline(pipeline).stages().stream().map(StageDef::name).toList();
  }

  private JobDef job(String pipeline, String stage, String job) {
    return config.pipeline(pipeline).stages().stream().filter(s -> s.name().equals(stage)).findFirst().orElseThrow()
        .jobs().stream().filter(j -> j.name().equals(job)).findFirst().orElseThrow();
  }
}
