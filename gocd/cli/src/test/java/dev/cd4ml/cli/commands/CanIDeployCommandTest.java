package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanIDeployCommandTest {
  @TempDir Path dir;
  Path pacts;
  Path results;

  @BeforeEach
  void pacts() throws Exception {
    pacts = Files.createDirectories(dir.resolve("pacts"));
    results = Files.createDirectories(dir.resolve("pact-results"));
    Files.writeString(pacts.resolve("serving-service-registry-service.json"), """
        {"consumer": {"name": "serving-service"}, "provider": {"name": "registry-service"},
         "interactions": [{"description": "the version a stage holds"}, {"description": "the artifact"}]}""");
    Files.writeString(pacts.resolve("data-bridge-data-service.json"), """
        {"consumer": {"name": "data-bridge"}, "provider": {"name": "data-service"},
         "messages": [{"description": "a new dataset version is announced"}]}""");
  }

  @Test
  void everyInteractionPassedMeansYes() throws Exception {
    Files.writeString(results.resolve("registry-service.tsv"),
        "serving-service\tthe version a stage holds\tpassed\nserving-service\tthe artifact\tpassed\n");
    Files.writeString(results.resolve("data-service.tsv"), "data-bridge\ta new dataset version is announced\tpassed\n");
    assertThat(CanIDeployCommand.refusals(pacts, results)).isEmpty();
  }

  @Test
  void aFailedOrUnverifiedInteractionRefusesNamingConsumerAndProvider() throws Exception {
    Files.writeString(results.resolve("registry-service.tsv"),
        "serving-service\tthe version a stage holds\tpassed\nserving-service\tthe artifact\tfailed\n");
    assertThat(CanIDeployCommand.refusals(pacts, results)).containsExactly(
        "data-service not verified data-bridge's 'a new dataset version is announced'",
        "registry-service failed serving-service's 'the artifact'");
  }

  @Test
  void aFailureRecordedOnceWinsOverAPassOfTheSameInteraction() throws Exception {
    Files.writeString(results.resolve("registry-service.tsv"), "serving-service\tthe version a stage holds\tfailed\n"
        + "serving-service\tthe version a stage holds\tpassed\nserving-service\tthe artifact\tpassed\n");
    Files.writeString(results.resolve("data-service.tsv"), "data-bridge\ta new dataset version is announced\tpassed\n");
    assertThat(CanIDeployCommand.refusals(pacts, results))
        .containsExactly("registry-service failed serving-service's 'the version a stage holds'");
  }

  @Test
  void noPactsAtAllIsNoDeploy() throws Exception {
    assertThat(CanIDeployCommand.refusals(dir.resolve("nothing"), results)).containsExactly("no pacts in " + dir.resolve("nothing"));
  }
}
