package dev.cd4ml.local;

import dev.cd4ml.contracts.naming.ResourceNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the local platform works on: the demo's generated credit data, or the user's own CSV
 * ({@code --data FILE --label COLUMN [--protected a,b] [--id COLUMN] [--categorical a,b] [--dataset NAME]
 * [--model NAME] [--algorithm cart|random-forest]}), which becomes the first version of the dataset. Every
 * place of the local platform that names a dataset or a model takes it from here.
 *
 * @param file null for the demo data
 */
record LocalData(Path file, String label, String protectedColumns, String idColumn, String categorical, String dataset,
    String model, String algorithm) {
  static final String DEMO_DATASET = Layout.DATASET;
  static final String DEMO_MODEL = Layout.MODEL;

  static LocalData demo() {
    return new LocalData(null, null, null, null, null, DEMO_DATASET, DEMO_MODEL, "cart");
  }

  boolean isDemo() {
    return file == null;
  }

  /** From the command line's flags; refuses what cannot work before anything starts. */
  static LocalData parse(List<String> flags) {
    String file = option(flags, "--data");
    String algorithm = option(flags, "--algorithm", "cart");
    if (!List.of("cart", "random-forest").contains(algorithm)) {
      throw new IllegalArgumentException("--algorithm must be cart or random-forest, not '" + algorithm + "'");
    }
    if (file == null) {
      for (String only : List.of("--label", "--protected", "--id", "--categorical")) {
        if (flags.contains(only)) {
          throw new IllegalArgumentException(only + " describes the file of --data, which is missing");
        }
      }
      LocalData demo = demo();
      return new LocalData(null, null, null, null, null, option(flags, "--dataset", demo.dataset()),
          option(flags, "--model", demo.model()), algorithm);
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("--data " + file + ": no such file");
    }
    String label = option(flags, "--label");
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("--data needs --label COLUMN (the column to predict)");
    }
    String dataset = option(flags, "--dataset", nameOf(path));
    String model = option(flags, "--model", dataset);
    for (Map.Entry<String, String> name : Map.of("--dataset", dataset, "--model", model).entrySet()) {
      ResourceNames.problem(name.getKey().substring(2), name.getValue()).ifPresent(p -> {
        throw new IllegalArgumentException(name.getKey() + " " + name.getValue() + ": " + p);
      });
    }
    return new LocalData(path, label, option(flags, "--protected"), option(flags, "--id"), option(flags, "--categorical"),
        dataset, model, algorithm);
  }

  /** The file's name as a dataset name: {@code Soil Survey 2024.csv} → {@code soil-survey-2024}. */
  static String nameOf(Path file) {
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT);
    String name = stem.replaceAll("[^a-z0-9._-]+", "-").replaceAll("\\.\\.+", ".").replaceAll("^[^a-z0-9]+", "");
    name = name.length() > 100 ? name.substring(0, 100) : name;
    return name.isEmpty() ? "data" : name;
  }

  /** The upload's query: what data-service needs to know about a first version. */
  Map<String, String> uploadQuery() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("label", label);
    q.put("protected", protectedColumns);
    q.put("id", idColumn);
    q.put("categorical", categorical);
    q.put("message", "brought by the user: " + file.getFileName());
    return q;
  }

  /** The pipeline variables of cd4ml-model that select this data and model. */
  Map<String, String> pipelineVariables(String dataVersion) {
    return Map.of("DATA_VERSION", dataVersion, "DATASET", dataset, "MODEL_NAME", model, "ALGORITHM", algorithm);
  }

  private static String option(List<String> flags, String name) {
    return option(flags, name, null);
  }

  private static String option(List<String> flags, String name, String fallback) {
    int i = flags.indexOf(name);
    if (i >= 0 && (i + 1 >= flags.size() || flags.get(i + 1).startsWith("--"))) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return i >= 0 ? flags.get(i + 1) : fallback;
  }
}
