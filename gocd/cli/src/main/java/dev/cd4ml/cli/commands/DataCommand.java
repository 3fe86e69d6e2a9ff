package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "data", description = "Dataset versions in data-service.",
    subcommands = {DataCommand.Push.class, DataCommand.Generate.class, DataCommand.ListVersions.class})
public class DataCommand {

  @Command(name = "push", description = "Upload a CSV file as a new version (the same bytes return the existing one).")
  static class Push implements Callable<Integer> {
    @Parameters(index = "0", description = "CSV file") Path file;
    @Option(names = "--dataset", defaultValue = "${env:DATASET}", description = "Required (or DATASET)") String dataset;
    @Option(names = "--label", description = "Target column (required for the first version)") String label;
    @Option(names = "--protected", description = "Comma-separated columns watched for fairness") String protectedColumns;
    @Option(names = "--id", description = "Row-id column") String id;
    @Option(names = "--message", description = "Why this version") String message;
    @Option(names = "--categorical", description = "Comma-separated columns typed categorical although their values"
        + " look like numbers (codes)") String categorical;
    @Option(names = "--allow-schema-change") boolean allowSchemaChange;

    @Override
    public Integer call() {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("label", label);
      q.put("protected", protectedColumns);
      q.put("id", id);
      q.put("message", message);
      q.put("categorical", categorical);
      q.put("allowSchemaChange", allowSchemaChange ? "true" : null);
      JsonNode v = Api.postFile(Endpoints.fromEnv().data() + "/datasets/" + required(dataset) + "/versions" + query(q), file, "text/csv");
      printVersion(v);
      return 0;
    }
  }

  @Command(name = "generate", description = "Create a version from the seeded demo generator.")
  static class Generate implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "${env:DATASET}", description = "Required (or DATASET)") String dataset;
    @Option(names = "--rows", defaultValue = "20000") long rows;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--drift", defaultValue = "0", description = "0 = baseline, 1 = strongly drifted") double drift;

    @Override
    public Integer call() {
      JsonNode v = Api.postEmpty(Endpoints.fromEnv().data() + "/datasets/" + required(dataset) + "/versions/generated"
          + query(Map.of("rows", "" + rows, "seed", "" + seed, "drift", "" + drift)));
      printVersion(v);
      return 0;
    }
  }

  @Command(name = "list", description = "Datasets, or the versions of one (newest first).")
  static class ListVersions implements Callable<Integer> {
    @Option(names = "--dataset", description = "Show this dataset's versions") String dataset;

    @Override
    public Integer call() {
      String base = Endpoints.fromEnv().data();
      if (dataset == null) {
        for (JsonNode item : Api.get(base + "/datasets")) {
          System.out.println(item.path("name").asText(item.toString()));
        }
        return 0;
      }
      // A page envelope {items, page, size, total}, newest first: the first page is the recent history.
      JsonNode page = Api.get(base + "/datasets/" + dataset + "/versions");
      for (JsonNode item : page.path("items")) {
        printVersion(item);
      }
      if (page.path("total").asLong() > page.path("items").size()) {
        System.out.printf("(newest %d of %d versions)%n", page.path("items").size(), page.path("total").asLong());
      }
      return 0;
    }
  }

  static void printVersion(JsonNode v) {
    System.out.printf("%s v%d %s rows=%d schemaRevision=%s source=%s%n", v.path("dataset").asText(), v.path("number").asInt(),
        v.path("id").asText(), v.path("rows").asLong(), v.path("schema").path("revision").asText("?"), v.path("source").asText());
  }

  /** The dataset a command works on: there is no default dataset, the demo's included. */
  static String required(String dataset) {
    if (dataset == null || dataset.isBlank()) {
      throw new CliFailure("no dataset: give --dataset or set DATASET");
    }
    return dataset;
  }

  public static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null) {
        q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return q.toString();
  }
}
