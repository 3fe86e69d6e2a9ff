package dev.cd4ml.cli.pipeline;

import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.pipeline.GocdConfig.ArtifactDef;
import dev.cd4ml.cli.pipeline.GocdConfig.JobDef;
import dev.cd4ml.cli.pipeline.GocdConfig.PipelineDef;
import dev.cd4ml.cli.pipeline.GocdConfig.StageDef;
import dev.cd4ml.cli.pipeline.GocdConfig.TaskDef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the pipelines of the {@code *.gocd.yaml} files on this machine, stage by stage and task by
 * task in the files' order, the way a GoCD agent would: exec tasks as processes with GoCD's GO_*
 * variables, fetch tasks from the artifacts of upstream runs, manual approvals from an
 * {@link Approver}. Pipelines not run here (cd4ml-build) provide the local build's artifacts.
 */
public final class LocalPipelineRunner {
  /** GoCD's trigger user of a stage or pipeline it started itself. */
  public static final String AUTOMATIC = "changes";
  private final GocdConfig config;
  private final Path repo;
  private final Path runDir;
  private final Map<String, String> baseEnv;
  private final Approver approver;
  private final PrintStream out;

  public LocalPipelineRunner(GocdConfig config, Path repo, Path runDir, Map<String, String> baseEnv, Approver approver,
      PrintStream out) {
    this.config = config;
    this.repo = repo;
    this.runDir = runDir;
    this.baseEnv = Map.copyOf(baseEnv);
    this.approver = approver;
    this.out = out;
  }

  private static final java.util.regex.Pattern SECRET_REFERENCE =
      java.util.regex.Pattern.compile("\\{\\{SECRET:\\[[^\\]]+]\\[[^\\]]+]}}");

  /** A GoCD secret param, {@code {{SECRET:[secret config id][key]}}}: the whole value is one reference. */
  public static boolean isSecretReference(String value) {
    return value != null && SECRET_REFERENCE.matcher(value.trim()).matches();
  }

  /** A pipeline run: its counter and whether every stage passed. */
  public record RunResult(String pipeline, int counter, boolean passed, String stoppedAt) {}

  /** Runs {@code from} and everything downstream while they pass; returns each run. */
  public synchronized List<RunResult> runChain(String from, Map<String, String> variables) {
    Map<String, Integer> counters = new HashMap<>();
    List<RunResult> results = new ArrayList<>();
    // Whoever started the chain triggered its first pipeline; the rest GoCD starts itself, as "changes".
    String trigger = baseEnv.getOrDefault("GO_TRIGGER_USER", AUTOMATIC);
    for (PipelineDef p : config.chainFrom(from)) {
      RunResult r = run(p, variables, counters, results.isEmpty() ? trigger : AUTOMATIC);
      results.add(r);
      if (!r.passed()) {
        break;
      }
    }
    return results;
  }

  private RunResult run(PipelineDef p, Map<String, String> variables, Map<String, Integer> counters, String trigger) {
    int counter = nextCounter(p.name());
    counters.put(p.name(), counter);
    Map<String, String> env = new LinkedHashMap<>(baseEnv);
    p.environment().forEach((k, v) -> {
      if (isSecretReference(v)) {
        // GoCD resolves {{SECRET:[config][key]}} from its secret store; here the caller's environment is that
        // store: its value under the variable's name (the local platform's own client secret), else unset.
        return;
      }
      env.put(k, v);
    });
    variables.forEach((k, v) -> {
      if (p.environment().containsKey(k)) {
        env.put(k, v);
      }
    });
    env.put("GO_PIPELINE_NAME", p.name());
    env.put("GO_PIPELINE_COUNTER", Integer.toString(counter));
    env.put("GO_PIPELINE_LABEL", Integer.toString(counter));
    for (var m : p.materials()) {
      if (m.pipeline() != null) {
        String upstream = m.pipeline();
        env.put("GO_DEPENDENCY_LOCATOR_" + gocdName(m.name()), upstream + "/" + counters.getOrDefault(upstream, 0) + "/" + m.stage() + "/1");
        env.put("GO_DEPENDENCY_LABEL_" + gocdName(m.name()), counters.containsKey(upstream)
            ? Integer.toString(counters.get(upstream)) : "0-" + baseEnv.getOrDefault("CODE_REVISION", "unknown"));
      }
    }
    out.printf("%n== %s #%d (%s)%n", p.name(), counter, repo.relativize(p.file()));
    for (StageDef stage : p.stages()) {
      // As on a GoCD server: GO_TRIGGER_USER is the approver only in the stage that carries the
      // approval; a stage that starts on its own sees "changes", the first one whoever triggered the run.
      env.put("GO_TRIGGER_USER", stage == p.stages().get(0) ? trigger : AUTOMATIC);
      if (stage.approval() != null) {
        String approvedBy = approver.approve(p.name(), stage.name(), stage.approval().roles());
        if (approvedBy == null) {
          out.printf("-- %s: waiting for manual approval (roles %s): not given, pipeline stops here%n", stage.name(),
              stage.approval().roles());
          return new RunResult(p.name(), counter, false, stage.name());
        }
        out.printf("-- %s: approved by %s (roles %s)%n", stage.name(), approvedBy, stage.approval().roles());
        env.put("GO_TRIGGER_USER", approvedBy);
      }
      env.put("GO_STAGE_NAME", stage.name());
      env.put("GO_STAGE_COUNTER", "1");
      long t0 = System.nanoTime();
      out.printf("-- stage %s%n", stage.name());
      boolean passed = true;
      for (JobDef job : stage.jobs()) {
        passed &= runJob(p, counter, stage, job, env, counters);
      }
      out.printf("-- stage %s %s in %.1f s%n", stage.name(), passed ? "passed" : "FAILED", (System.nanoTime() - t0) / 1e9);
      if (!passed) {
        return new RunResult(p.name(), counter, false, stage.name());
      }
    }
    return new RunResult(p.name(), counter, true, null);
  }

  private boolean runJob(PipelineDef p, int counter, StageDef stage, JobDef job, Map<String, String> stageEnv,
      Map<String, Integer> counters) {
    Path sandbox = p.hasGitMaterial() ? repo : jobDir(p.name(), counter, stage.name(), job.name()).resolve("sandbox");
    Map<String, String> env = new LinkedHashMap<>(stageEnv);
    env.put("GO_JOB_NAME", job.name());
    boolean failed = false;
    try {
      Files.createDirectories(sandbox);
      for (TaskDef task : job.tasks()) {
        if (Thread.currentThread().isInterrupted()) {
          // The platform is stopping: that is no failure to roll back from, and a task started
          // now would outlive it.
          out.printf("   job %s stopped: the runner is shutting down%n", job.name());
          return false;
        }
        boolean runs = switch (task.runIf()) {
          case "failed" -> failed;
          case "any" -> true;
          default -> !failed;
        };
        if (!runs) {
          continue;
        }
        boolean ok = "fetch".equals(task.kind()) ? fetch(p, task, stage, job, sandbox, counters, counter)
            : exec(p.name() + "/" + stage.name(), task, sandbox, env);
        failed |= !ok;
      }
      if (!failed) {
        publish(job.artifacts(), sandbox, jobDir(p.name(), counter, stage.name(), job.name()).resolve("artifacts"));
      }
    } catch (IOException e) {
      out.printf("   job %s failed: %s%n", job.name(), e.getMessage());
      return false;
    }
    return !failed;
  }

  private boolean exec(String prefix, TaskDef task, Path sandbox, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("java".equals(task.command()) ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : task.command());
    cmd.addAll(task.arguments());
    out.printf("   $ %s %s%n", task.command(), String.join(" ", task.arguments()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(sandbox.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    // Output is copied on its own thread so that this one waits in waitFor(), which an interrupt
    // (the platform stopping) ends; a blocking readLine() would not.
    Thread copier = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.println("   [" + prefix + "] " + line);
        }
      } catch (IOException ignored) {
        // the process was destroyed
      }
    }, "task-output");
    copier.setDaemon(true);
    copier.start();
    try {
      int code = process.waitFor();
      copier.join(5000);
      if (code != 0) {
        out.printf("   exit code %d%n", code);
      }
      return code == 0;
    } catch (InterruptedException e) {
      // The task first, so it cannot go on once its children die; its children from a list taken
      // before, as they are no longer its descendants once it is gone.
      List<ProcessHandle> children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      out.printf("   stopped: %s%n", String.join(" ", task.arguments()));
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean fetch(PipelineDef current, TaskDef task, StageDef stage, JobDef job, Path sandbox,
      Map<String, Integer> counters, int counter) throws IOException {
    String[] path = task.pipeline() == null ? new String[] {current.name()} : task.pipeline().split("/");
    String source = path[0];
    Path artifacts;
    if (source.equals(current.name())) {
      artifacts = jobDir(source, counter, task.stage(), task.job()).resolve("artifacts");
    } else if (counters.containsKey(source)) {
      artifacts = jobDir(source, counters.get(source), task.stage(), task.job()).resolve("artifacts");
    } else {
      artifacts = localBuildArtifacts(source, task.stage(), task.job());
    }
    Path from = artifacts.resolve(task.source());
    Path to = task.destination() == null ? sandbox : sandbox.resolve(task.destination());
    if (!Files.exists(from)) {
      out.printf("   fetch %s/%s/%s/%s: no such artifact (%s)%n", source, task.stage(), task.job(), task.source(), from);
      return false;
    }
    Files.createDirectories(to);
    copy(from, to.resolve(from.getFileName().toString()));
    out.printf("   fetched %s from %s/%s/%s%n", task.source(), source, task.stage(), task.job());
    return true;
  }

  /**
   * Upstream pipelines that do not run here (cd4ml-build: the local platform's start command
   * built the code) publish what the local build produced, at the paths their YAML declares.
   */
  private Path localBuildArtifacts(String pipeline, String stage, String job) throws IOException {
    PipelineDef p = config.pipeline(pipeline);
    Path dir = runDir.resolve("pipelines").resolve(pipeline).resolve("local").resolve(stage).resolve(job).resolve("artifacts");
    for (StageDef s : p.stages()) {
      for (JobDef j : s.jobs()) {
        if (s.name().equals(stage) && j.name().equals(job)) {
          publish(j.artifacts(), repo, dir);
        }
      }
    }
    return dir;
  }

  private void publish(List<ArtifactDef> artifacts, Path sandbox, Path into) throws IOException {
    for (ArtifactDef a : artifacts) {
      if (a.source().contains("*")) {
        // Globs publish build outputs (the apps); the local run has them in place already.
        continue;
      }
      Path src = sandbox.resolve(a.source());
      if (!Files.exists(src)) {
        throw new IOException("artifact " + a.source() + " was not produced");
      }
      Path dest = (a.destination() == null ? into : into.resolve(a.destination())).resolve(src.getFileName().toString());
      Files.createDirectories(dest.getParent());
      copy(src, dest);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.isDirectory(from)) {
      try (Stream<Path> all = Files.walk(from)) {
        for (Path f : all.toList()) {
          Path target = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path jobDir(String pipeline, int counter, String stage, String job) {
    return runDir.resolve("pipelines").resolve(pipeline).resolve(Integer.toString(counter)).resolve(stage).resolve(job);
  }

  private int nextCounter(String pipeline) {
    Path file = runDir.resolve("pipelines").resolve(pipeline).resolve("counter");
    try {
      int next = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) + 1 : 1;
      Files.createDirectories(file.getParent());
      Files.writeString(file, Integer.toString(next));
      return next;
    } catch (IOException | NumberFormatException e) {
      throw new CliFailure("cannot keep the run counter of " + pipeline + ": " + e.getMessage());
    }
  }

  /** GoCD upper-cases material names and turns '-' into '_' in variable names. */
  static String gocdName(String material) {
    return material.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }
}
