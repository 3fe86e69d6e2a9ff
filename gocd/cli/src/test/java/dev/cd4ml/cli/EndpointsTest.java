package dev.cd4ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which token a registry call carries: the pipeline's own for what its role allows, the person's for the rest. */
class EndpointsTest {
  @TempDir Path dir;

  @AfterEach
  void noCredentials() {
    Api.useCredentials(null);
  }

  @Test
  void theTokenFileIsReadAtEachUseSoItsHolderCanRenewIt() throws Exception {
    Path file = dir.resolve("release-manager.token");
    Files.writeString(file, "first\n");
    Map<String, String> env = Map.of("CD4ML_REGISTRY_TOKEN_FILE", file.toString(), "CD4ML_REGISTRY_TOKEN", "ignored");
    assertEquals("first", Endpoints.fromEnv(env).registryToken());
    Files.writeString(file, "renewed");
    assertEquals("renewed", Endpoints.fromEnv(env).registryToken());
    Files.delete(file);
    assertNull(Endpoints.fromEnv(env).registryToken(), "nobody signed in: no person's token");
    Files.createDirectory(file);
    CliFailure unreadable = assertThrows(CliFailure.class, () -> Endpoints.fromEnv(env));
    assertEquals(true, unreadable.getMessage().contains(file.toString()));
  }

  @Test
  void withClientCredentialsStagingAndChecksAreThePipelinesAndProductionDecisionsThePersons() {
    Endpoints e = Endpoints.fromEnv(Map.of("CD4ML_REGISTRY_TOKEN", "release-manager"));
    Api.useCredentials(new Credentials(URI.create("http://127.0.0.1:1/token"), "cd4ml-pipeline", "s", HttpClient.newHttpClient()));
    assertNull(e.tokenForStage("staging"), "staging: the pipeline's own token");
    assertNull(e.tokenForChecks(), "checks: the pipeline's own token");
    for (String stage : new String[] {"canary", "production", "archived"}) {
      assertEquals("release-manager", e.tokenForStage(stage), stage);
    }
    Api.useCredentials(null);
    assertEquals("release-manager", e.tokenForStage("staging"), "without client credentials the one token there is");
    assertEquals("release-manager", e.tokenForChecks());
  }
}
