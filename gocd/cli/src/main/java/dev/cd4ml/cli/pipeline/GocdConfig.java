package dev.cd4ml.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cd4ml.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipelines of the {@code *.gocd.yaml} files (GoCD YAML config plugin, format_version 10):
 * read by the local runner so the files stay the single source of truth for stages and tasks.
 */
public record GocdConfig(Map<String, PipelineDef> pipelines) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** {@code lockBehavior}: GoCD's {@code lock_behavior} ({@code none} when the file says nothing). */
  public record PipelineDef(String name, Path file, String group, String lockBehavior, Map<String, String> environment,
      List<MaterialDef> materials, List<StageDef> stages) {
    public boolean hasGitMaterial() {
      return materials.stream().anyMatch(m -> m.git() != null);
    }

    public List<String> upstreamPipelines() {
      return materials.stream().filter(m -> m.pipeline() != null).map(MaterialDef::pipeline).toList();
    }
  }

  public record MaterialDef(String name, String git, String pipeline, String stage, boolean ignoreForScheduling) {}

  /** {@code approval} is null for an automatic (success) stage. */
  public record StageDef(String name, ApprovalDef approval, List<JobDef> jobs) {}

  public record ApprovalDef(String type, boolean allowOnlyOnSuccess, List<String> roles, List<String> users) {}

  public record JobDef(String name, List<TaskDef> tasks, List<ArtifactDef> artifacts) {}

  /** An {@code exec} task (command, arguments) or a {@code fetch} task (pipeline path, stage, job, source). */
  public record TaskDef(String kind, String command, List<String> arguments, String runIf,
      String pipeline, String stage, String job, String source, boolean isFile, String destination) {}

  public record ArtifactDef(String type, String source, String destination) {}

  public static GocdConfig load(Path dir) {
    Map<String, PipelineDef> all = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".gocd.yaml")).sorted().toList()) {
        for (PipelineDef p : parse(file)) {
          if (all.put(p.name(), p) != null) {
            throw new CliFailure("pipeline " + p.name() + " is defined twice (" + file + ")");
          }
        }
      }
    } catch (IOException e) {
      throw new CliFailure("cannot read pipelines in " + dir + ": " + e.getMessage());
    }
    if (all.isEmpty()) {
      throw new CliFailure("no *.gocd.yaml in " + dir);
    }
    return new GocdConfig(all);
  }

  static List<PipelineDef> parse(Path file) throws IOException {
    JsonNode root = YAML.readTree(file.toFile());
    int format = root.path("format_version").asInt(-1);
    if (format != 10) {
      throw new CliFailure(file + ": format_version must be 10, is " + root.path("format_version").asText("missing"));
    }
    List<PipelineDef> result = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("pipelines").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.add(pipeline(e.getKey(), e.getValue(), file));
    }
    return result;
  }

  private static PipelineDef pipeline(String name, JsonNode p, Path file) {
    List<MaterialDef> materials = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.path("materials").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode v = m.getValue();
      materials.add(new MaterialDef(m.getKey(), text(v, "git"), text(v, "pipeline"), text(v, "stage"),
          v.path("ignore_for_scheduling").asBoolean(false)));
    }
    List<StageDef> stages = new ArrayList<>();
    for (JsonNode item : p.path("stages")) {
      Map.Entry<String, JsonNode> s = item.fields().next();
      stages.add(stage(s.getKey(), s.getValue()));
    }
    return new PipelineDef(name, file, text(p, "group"), p.path("lock_behavior").asText("none"),
        strings(p.path("environment_variables")), materials, stages);
  }

  private static StageDef stage(String name, JsonNode s) {
    ApprovalDef approval = null;
    JsonNode a = s.path("approval");
    if (a.isTextual() && "manual".equals(a.asText())) {
      approval = new ApprovalDef("manual", true, List.of(), List.of());
    } else if (a.isObject() && "manual".equals(a.path("type").asText())) {
      approval = new ApprovalDef("manual", a.path("allow_only_on_success").asBoolean(false), list(a.path("roles")),
          list(a.path("users")));
    }
    List<JobDef> jobs = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("jobs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> j = it.next();
      List<TaskDef> tasks = new ArrayList<>();
      for (JsonNode t : j.getValue().path("tasks")) {
        tasks.add(task(t));
      }
      List<ArtifactDef> artifacts = new ArrayList<>();
      for (JsonNode art : j.getValue().path("artifacts")) {
        Map.Entry<String, JsonNode> kind = art.fields().next();
        artifacts.add(new ArtifactDef(kind.getKey(), text(kind.getValue(), "source"), text(kind.getValue(), "destination")));
      }
      jobs.add(new JobDef(j.getKey(), tasks, artifacts));
    }
    return new StageDef(name, approval, jobs);
  }

  private static TaskDef task(JsonNode t) {
    if (t.has("exec")) {
      JsonNode e = t.get("exec");
      return new TaskDef("exec", text(e, "command"), list(e.path("arguments")), e.path("run_if").asText("passed"),
          null, null, null, null, false, null);
    }
    if (t.has("fetch")) {
      JsonNode f = t.get("fetch");
      return new TaskDef("fetch", null, List.of(), f.path("run_if").asText("passed"), text(f, "pipeline"), text(f, "stage"),
          text(f, "job"), text(f, "source"), f.path("is_file").asBoolean(false), text(f, "destination"));
    }
    throw new CliFailure("unsupported task " + t + " (the pipelines use exec and fetch tasks)");
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static List<String> list(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  public PipelineDef pipeline(String name) {
    PipelineDef p = pipelines.get(name);
    if (p == null) {
      throw new CliFailure("no pipeline " + name + " (known: " + pipelines.keySet() + ")");
    }
    return p;
  }

  /** {@code from} and every pipeline downstream of it, upstream first. */
  public List<PipelineDef> chainFrom(String from) {
    List<PipelineDef> chain = new ArrayList<>(List.of(pipeline(from)));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (PipelineDef p : pipelines.values()) {
        if (!chain.contains(p) && chain.stream().map(PipelineDef::name).toList().containsAll(p.upstreamPipelines())
            && p.upstreamPipelines().stream().anyMatch(u -> chain.stream().anyMatch(c -> c.name().equals(u)))) {
          chain.add(p);
          grew = true;
        }
      }
    }
    return chain;
  }
}
