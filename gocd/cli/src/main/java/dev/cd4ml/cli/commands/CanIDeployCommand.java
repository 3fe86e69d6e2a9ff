package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pact's "can I deploy" without a broker: every interaction of every pact the build's consumers wrote
 * must have passed its provider's verification in the same build (platform/pact-verification records
 * one line per interaction in {@code <provider>.tsv}). A pact nobody verified refuses too.
 */
@Command(name = "can-i-deploy", description = "Refuses (exit 1) unless every pact of this build passed its provider's verification.")
public class CanIDeployCommand implements Callable<Integer> {
  @Option(names = "--pacts", defaultValue = "target/pacts", description = "The consumers' pact files") Path pacts;
  @Option(names = "--results", defaultValue = "target/pact-results", description = "The providers' verification results")
  Path results;

  @Override
  public Integer call() throws Exception {
    List<String> refusals = refusals(pacts, results);
    if (!refusals.isEmpty()) {
      throw new CliFailure("can-i-deploy refused: " + String.join("; ", refusals));
    }
    System.out.printf("[can-i-deploy] yes: every interaction of the %d pacts in %s passed its provider's verification%n",
        pactFiles(pacts).size(), pacts);
    return 0;
  }

  /** Each interaction (by consumer, provider and description) that did not pass, or was never verified. */
  static List<String> refusals(Path pacts, Path results) throws IOException {
    List<Path> files = pactFiles(pacts);
    if (files.isEmpty()) {
      return List.of("no pacts in " + pacts);
    }
    List<String> refusals = new ArrayList<>();
    Map<String, Map<String, String>> outcomes = new HashMap<>();
    for (Path pact : files) {
      JsonNode doc = Api.JSON.readTree(pact.toFile());
      String consumer = doc.path("consumer").path("name").asText();
      String provider = doc.path("provider").path("name").asText();
      Map<String, String> verified = outcomes.computeIfAbsent(provider, p -> read(results.resolve(p + ".tsv")));
      List<JsonNode> interactions = new ArrayList<>();
      doc.path("interactions").forEach(interactions::add);
      doc.path("messages").forEach(interactions::add);
      for (JsonNode interaction : interactions) {
        String description = interaction.path("description").asText();
        String outcome = verified.getOrDefault(consumer + "\t" + description, "not verified");
        if (!outcome.equals("passed")) {
          refusals.add(provider + " " + outcome + " " + consumer + "'s '" + description + "'");
        }
      }
    }
    return refusals;
  }

  private static List<Path> pactFiles(Path pacts) throws IOException {
    if (!Files.isDirectory(pacts)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(pacts)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** consumer TAB description -> passed | failed; a failure recorded for an interaction wins over a pass. */
  private static Map<String, String> read(Path tsv) {
    Map<String, String> outcomes = new HashMap<>();
    if (!Files.exists(tsv)) {
      return outcomes;
    }
    try {
      for (String line : Files.readAllLines(tsv)) {
        int last = line.lastIndexOf('\t');
        if (last > 0) {
          outcomes.merge(line.substring(0, last), line.substring(last + 1), (a, b) -> a.equals("failed") ? a : b);
        }
      }
    } catch (IOException e) {
      throw new CliFailure("cannot read " + tsv + ": " + e.getMessage());
    }
    return outcomes;
  }
}
