package dev.cd4ml.pacts;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records each interaction's verification as one line of {@code target/pact-results/<provider>.tsv}
 * (consumer, description, passed|failed) next to the pacts: what {@code cd4ml can-i-deploy} decides from.
 */
final class Verified {
  static final Path RESULTS = Path.of(System.getProperty("pact.rootDir", "../../target/pacts")).resolveSibling("pact-results");

  private Verified() {}

  /** Forgets an earlier run's results for {@code provider}: each build decides from its own. */
  static void reset(String provider) {
    try {
      Files.deleteIfExists(RESULTS.resolve(provider + ".tsv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Verifies the context's interaction and records the outcome either way. */
  static void verify(PactVerificationContext context) {
    boolean passed = false;
    try {
      context.verifyInteraction();
      passed = true;
    } finally {
      record(context.getProviderInfo().getName(), context.getConsumer().getName(),
          context.getInteraction().getDescription(), passed);
    }
  }

  private static synchronized void record(String provider, String consumer, String description, boolean passed) {
    try {
      Files.createDirectories(RESULTS);
      Files.writeString(RESULTS.resolve(provider + ".tsv"),
          consumer + "\t" + description.replace('\t', ' ') + "\t" + (passed ? "passed" : "failed") + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
