package dev.cd4ml.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.ServiceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An environment's Kustomize overlay set to a release's images: a copy of the manifests
 * ({@code base/} and {@code overlays/}) whose overlay {@code images:} name them, as
 * {@code kustomize edit set image} would write it; rendered with {@code kubectl kustomize} and
 * checked, or applied with {@code kubectl apply -k}.
 */
public final class KustomizeOverlay {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private final Path dir;

  private KustomizeOverlay(Path dir) {
    this.dir = dir;
  }

  /** One container of a rendered workload and the image it runs. */
  public record Container(String workload, String container, String image) {}

  public Path dir() {
    return dir;
  }

  /**
   * Copies {@code manifests} (holding {@code base/} and {@code overlays/<environment>/}) into
   * {@code work} and sets the overlay's images. {@code secrets} becomes the overlay's
   * {@code secrets.env}; without it the overlay's own, else (render only) its example.
   */
  public static KustomizeOverlay prepare(Path manifests, String environment, List<ServiceImage> images, Path secrets,
      boolean forApply, Path work) {
    Path overlay = manifests.resolve("overlays").resolve(environment);
    if (!Files.isRegularFile(overlay.resolve("kustomization.yaml"))) {
      throw new CliFailure("no Kustomize overlay " + overlay + " (the manifests are cd4ml-build's artifact k8s)");
    }
    try {
      copy(manifests, work);
      Path copy = work.resolve("overlays").resolve(environment);
      Path secretsEnv = copy.resolve("secrets.env");
      if (secrets != null) {
        Files.copy(secrets, secretsEnv, StandardCopyOption.REPLACE_EXISTING);
      } else if (!Files.exists(secretsEnv)) {
        if (forApply) {
          throw new CliFailure("no secrets for " + environment + ": give --secrets FILE (CD4ML_K8S_SECRETS), the overlay's"
              + " secrets.env with real values");
        }
        // Rendering only checks what would be applied: the example's placeholders do.
        Files.copy(copy.resolve("secrets.env.example"), secretsEnv);
      }
      setImages(copy.resolve("kustomization.yaml"), images);
      return new KustomizeOverlay(copy);
    } catch (IOException e) {
      throw new CliFailure("cannot prepare the " + environment + " overlay: " + e.getMessage());
    }
  }

  /**
   * The overlay's {@code images:} entry for each service (the base names them {@code <group>/<service>})
   * gets the release's name, tag and digest.
   */
  static void setImages(Path kustomization, List<ServiceImage> images) throws IOException {
    ObjectNode k = (ObjectNode) YAML.readTree(kustomization.toFile());
    ArrayNode entries = k.has("images") ? (ArrayNode) k.get("images") : k.putArray("images");
    for (ServiceImage image : images) {
      ObjectNode entry = null;
      for (JsonNode e : entries) {
        if (service(e.path("name").asText()).equals(image.service())) {
          entry = (ObjectNode) e;
        }
      }
      if (entry == null) {
        entry = entries.addObject().put("name", "cd4ml/" + image.service());
      }
      entry.put("newName", image.name()).put("newTag", image.tag());
      if (image.digest() != null) {
        entry.put("digest", image.digest());
      } else {
        entry.remove("digest");
      }
    }
    YAML.writeValue(kustomization.toFile(), k);
  }

  /** {@code kubectl kustomize}: the manifests that would be applied. */
  public String render() {
    return kubectl(List.of("kustomize", dir.toString()), "render " + dir);
  }

  /** {@code kubectl apply -k}, then waits until every workload of the render has rolled out. */
  public void apply(String context, String rendered, long timeoutSeconds) {
    List<String> ctx = context == null || context.isBlank() ? List.of() : List.of("--context", context);
    List<String> apply = new ArrayList<>(ctx);
    apply.addAll(List.of("apply", "-k", dir.toString()));
    System.out.println(kubectl(apply, "apply -k " + dir).strip());
    for (JsonNode w : documents(rendered)) {
      if (WORKLOADS.contains(w.path("kind").asText()) && !"DaemonSet".equals(w.path("kind").asText())) {
        List<String> status = new ArrayList<>(ctx);
        status.addAll(List.of("rollout", "status", w.path("kind").asText().toLowerCase() + "/" + w.path("metadata").path("name").asText(),
            "-n", w.path("metadata").path("namespace").asText("default"), "--timeout=" + timeoutSeconds + "s"));
        System.out.println(kubectl(status, "rollout of " + w.path("metadata").path("name").asText()).strip());
      }
    }
  }

  /**
   * Checks that every container of the rendered workloads that runs one of the release's services
   * runs exactly the release's image of it, and that each of those services runs somewhere.
   */
  public static List<Container> check(String rendered, List<ServiceImage> images) {
    List<Container> found = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    Set<String> deployed = new LinkedHashSet<>();
    for (JsonNode doc : documents(rendered)) {
      if (!WORKLOADS.contains(doc.path("kind").asText())) {
        continue;
      }
      String workload = doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
      JsonNode spec = doc.path("spec").path("template").path("spec");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : spec.path(list)) {
          String image = c.path("image").asText();
          ServiceImage expected = images.stream().filter(i -> i.service().equals(service(image))).findFirst().orElse(null);
          if (expected == null) {
            continue;
          }
          found.add(new Container(workload, c.path("name").asText(), image));
          deployed.add(expected.service());
          if (!image.equals(expected.reference())) {
            wrong.add(workload + " container " + c.path("name").asText() + " runs " + image + ", the release's "
                + expected.service() + " is " + expected.reference());
          }
        }
      }
    }
    images.stream().map(ServiceImage::service).filter(s -> !deployed.contains(s))
        .forEach(s -> wrong.add("no workload runs " + s));
    if (!wrong.isEmpty()) {
      throw new CliFailure("the rendered overlay does not deploy the release's images: " + String.join("; ", wrong));
    }
    return found;
  }

  /** The service an image reference is of: its last path segment without tag or digest. */
  static String service(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    name = name.substring(name.lastIndexOf('/') + 1);
    return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
  }

  static List<JsonNode> documents(String yaml) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      List<JsonNode> all = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode d = docs.next();
        if (d != null && d.isObject()) {
          all.add(d);
        }
      }
      return all;
    } catch (IOException e) {
      throw new CliFailure("cannot read the rendered manifests: " + e.getMessage());
    }
  }

  /** Runs kubectl; its standard output is the answer (warnings on standard error stay out of a render). */
  private static String kubectl(List<String> args, String what) {
    List<String> cmd = new ArrayList<>(List.of("kubectl"));
    cmd.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("cd4ml-kubectl", ".out");
      err = Files.createTempFile("cd4ml-kubectl", ".err");
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new CliFailure("kubectl " + what + ": no answer after 10 minutes");
      }
      if (p.exitValue() != 0) {
        throw new CliFailure("kubectl " + what + " failed (exit " + p.exitValue() + "): " + Files.readString(err).strip());
      }
      return Files.readString(out);
    } catch (IOException e) {
      throw new CliFailure("cannot run kubectl (" + e.getMessage() + "): install kubectl (client 1.27+, Kustomize built in)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static void delete(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a temporary file
    }
  }

  private static void copy(Path from, Path to) throws IOException {
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
  }
}
