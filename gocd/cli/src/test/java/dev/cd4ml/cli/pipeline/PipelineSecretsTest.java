package dev.cd4ml.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.cli.pipeline.GocdConfig.PipelineDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines' identities come from GoCD's secret store, never from a value in the YAML or the agent's plain
 * environment: the pipeline client's secret in every pipeline that calls the services, the release manager's
 * offline token only in the production pipeline, in a group of its own. The local runner resolves a reference
 * from its caller's environment, as GoCD resolves it from its store.
 */
class PipelineSecretsTest {
  static final Pattern REFERENCE = Pattern.compile("\\{\\{SECRET:\\[([a-z0-9-]+)]\\[([a-z0-9-]+)]}}");
  final GocdConfig config = GocdConfig.load(GocdPipelinesTest.GOCD);

  @Test
  void everyPipelineThatCallsTheServicesTakesThePipelineClientsSecretFromGocdsSecretStore() {
    for (String name : List.of("cd4ml-model", "cd4ml-test", "cd4ml-production")) {
      String secret = config.pipeline(name).environment().get("CD4ML_OIDC_CLIENT_SECRET");
      assertThat(secret).as(name).isNotNull().matches(REFERENCE).isEqualTo("{{SECRET:[cd4ml][cd4ml-pipeline-client-secret]}}");
      assertThat(LocalPipelineRunner.isSecretReference(secret)).isTrue();
    }
    // the build calls no service: it holds no identity
    assertThat(config.pipeline("cd4ml-build").environment()).doesNotContainKey("CD4ML_OIDC_CLIENT_SECRET");
  }

  @Test
  void onlyTheProductionPipelineMayReferToTheReleaseManagersToken() {
    PipelineDef production = config.pipeline("cd4ml-production");
    assertThat(production.environment().get("CD4ML_REGISTRY_REFRESH_TOKEN"))
        .isEqualTo("{{SECRET:[cd4ml-release][release-manager-offline-token]}}");
    assertThat(production.group()).isEqualTo("cd4ml-release");
    for (PipelineDef p : config.pipelines().values()) {
      if (!p.name().equals("cd4ml-production")) {
        assertThat(p.group()).as(p.name()).isNotEqualTo("cd4ml-release");
        assertThat(p.environment().values()).as(p.name()).noneMatch(v -> v.contains("[cd4ml-release]"));
      }
    }
  }

  @Test
  void noPipelineWritesACredentialInPlainText() {
    for (PipelineDef p : config.pipelines().values()) {
      p.environment().forEach((k, v) -> {
        if (k.matches(".*(SECRET|TOKEN|PASSWORD).*")) {
          assertThat(v).as("%s %s", p.name(), k).matches(REFERENCE);
        }
      });
    }
  }

  @Test
  void theLocalRunnerResolvesAReferenceFromItsCallersEnvironmentOrLeavesItUnset(@TempDir Path repo) throws IOException {
    Files.createDirectories(repo.resolve("gocd"));
    Files.writeString(repo.resolve("gocd/x.gocd.yaml"), """
        format_version: 10
        pipelines:
          p:
            group: g
            environment_variables:
              PLAIN: value
              CD4ML_OIDC_CLIENT_SECRET: "{{SECRET:[cd4ml][cd4ml-pipeline-client-secret]}}"
              CD4ML_REGISTRY_REFRESH_TOKEN: "{{SECRET:[cd4ml-release][release-manager-offline-token]}}"
            materials:
              repo:
                git: https://git.example.com/x.git
            stages:
              - s:
                  jobs:
                    j:
                      tasks:
                        - exec: {command: sh, arguments: [-c, 'echo "$PLAIN|$CD4ML_OIDC_CLIENT_SECRET|${CD4ML_REGISTRY_REFRESH_TOKEN-unset}" > seen.txt']}
        """);
    LocalPipelineRunner runner = new LocalPipelineRunner(GocdConfig.load(repo.resolve("gocd")), repo, repo.resolve(".run"),
        Map.of("CD4ML_OIDC_CLIENT_SECRET", "the-local-secret"), (p, s, r) -> "alice",
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(runner.runChain("p", Map.of())).allMatch(LocalPipelineRunner.RunResult::passed);
    assertThat(Files.readString(repo.resolve("seen.txt")).trim()).isEqualTo("value|the-local-secret|unset");
  }
}
